import t from 'tap';
import { chooseSteps } from './stepChoice.ts';

const ALL = ['throughput', 'latency', 'public', 'vetting', 'scale', 'soak'] as const;

t.test('no step named: every step, in the default order', async (t) => {
  t.same(chooseSteps([], ALL), { chosen: [...ALL], unknown: [] });
  t.same(chooseSteps(['--'], ALL), { chosen: [...ALL], unknown: [] }, 'npm run bench -- passes a bare --');
});

t.test('steps named: only those, in the default order whatever order they were named in', async (t) => {
  t.same(chooseSteps(['--', 'soak', 'scale'], ALL), { chosen: ['scale', 'soak'], unknown: [] });
});

t.test('an unknown name is reported, not ignored', async (t) => {
  t.same(chooseSteps(['scale', 'sock'], ALL).unknown, ['sock']);
});
