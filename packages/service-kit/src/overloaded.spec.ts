import { OverloadedError } from '@kazi/core';
import t from 'tap';
import { createService } from './app.ts';
import { baseConfigSchema, loadConfig } from './config.ts';
import { createLogger } from './logging.ts';
import { HttpProblemError, PROBLEM_TYPE_BASE } from './problem.ts';

const config = loadConfig(baseConfigSchema, { NODE_ENV: 'test', KAZI_DEV: '1', LOG_LEVEL: 'silent' });

t.test('a full queue (OverloadedError) is a 503 overloaded problem with Retry-After', async (t) => {
  const app = createService({
    name: 'overloaded-test',
    config,
    logger: createLogger(config, 'overloaded-test'),
    routes: (s) => {
      s.post('/work', { config: { auth: 'public' } }, async () => {
        throw new OverloadedError('pending NATS publishes', 2);
      });
    },
  });
  const res = await app.inject({ method: 'POST', url: '/work' });
  t.equal(res.statusCode, 503);
  t.equal(res.headers['retry-after'], '2');
  t.match(res.headers['content-type'], /application\/problem\+json/);
  t.match(res.json(), { type: `${PROBLEM_TYPE_BASE}overloaded`, status: 503, retryAfterSeconds: 2 });
});

t.test('any other 503 (not ready yet) also says when to try again', async (t) => {
  const app = createService({
    name: 'not-ready-test',
    config,
    logger: createLogger(config, 'not-ready-test'),
    routes: (s) => {
      s.get('/report', { config: { auth: 'public' } }, async () => {
        throw new HttpProblemError(503, 'reporting-not-ready', 'the store has no live generation yet');
      });
    },
  });
  const res = await app.inject({ method: 'GET', url: '/report' });
  t.equal(res.statusCode, 503);
  t.equal(res.headers['retry-after'], '5');
  t.match(res.json(), { type: `${PROBLEM_TYPE_BASE}reporting-not-ready`, status: 503 });
});
