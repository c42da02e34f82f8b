import t from 'tap';
import { retryAfterOf } from './api.ts';

const answer = (status: number, retryAfter?: string) =>
  new Response(null, { status, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } });

t.test('a shed answer (503 or 429 with Retry-After) is retried after the time it asks for', async (t) => {
  t.equal(retryAfterOf(answer(503, '2')), 2);
  t.equal(retryAfterOf(answer(429, '0')), 0);
  t.equal(retryAfterOf(answer(503, '120')), 5, 'at most 5 s while preparing');
});

t.test('anything else is not retried', async (t) => {
  t.equal(retryAfterOf(answer(500, '2')), undefined, 'a 500 is a failure, whatever it says');
  t.equal(retryAfterOf(answer(409)), undefined);
  t.equal(retryAfterOf(answer(503, 'soon')), undefined, 'no usable Retry-After');
  t.equal(retryAfterOf(answer(201)), undefined);
});
