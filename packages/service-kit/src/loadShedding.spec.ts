import { once } from 'node:events';
import t from 'tap';
import { createService } from './app.ts';
import { baseConfigSchema, loadConfig } from './config.ts';
import { type LoadMonitor, type LoadSample, startLoadMonitor } from './loadShedding.ts';
import { createLogger } from './logging.ts';
import { PROBLEM_TYPE_BASE } from './problem.ts';

const configWith = (env: Record<string, string>) =>
  loadConfig(baseConfigSchema, { NODE_ENV: 'test', KAZI_DEV: '1', LOG_LEVEL: 'silent', ...env });

/** A route that holds every request until the test lets them go, and says when each has arrived. */
function holdingService(env: Record<string, string>, monitor?: LoadMonitor) {
  const config = configWith(env);
  let arrived = 0;
  const waiting: (() => void)[] = [];
  const arrivals = new EventTarget();
  const app = createService({
    name: 'shedding-test',
    config,
    logger: createLogger(config, 'shedding-test'),
    loadMonitor: monitor,
    routes: (s) => {
      s.addHook('onRequestAbort', (_request, done) => {
        arrivals.dispatchEvent(new Event('aborted'));
        done();
      });
      s.get('/public/slow', { config: { auth: 'public', rateLimit: false } }, async () => {
        arrived += 1;
        arrivals.dispatchEvent(new Event('arrived'));
        await new Promise<void>((resolve) => waiting.push(resolve));
        return { done: true };
      });
      s.get('/public/fast', { config: { auth: 'public', rateLimit: false } }, async () => ({ done: true }));
    },
  });
  const untilArrived = async (count: number) => {
    while (arrived < count) await once(arrivals, 'arrived');
  };
  const release = () => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  return { app, untilArrived, release, arrivals };
}

t.test(
  'over MAX_IN_FLIGHT a request gets 503 with Retry-After at once, and the process recovers',
  async (t) => {
    const { app, untilArrived, release } = holdingService({ MAX_IN_FLIGHT: '3' });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    t.teardown(() => app.close());

    const held = [1, 2, 3].map(() => fetch(`${base}/public/slow`));
    await untilArrived(3);

    const shed = await fetch(`${base}/public/fast`);
    t.equal(shed.status, 503, 'the fourth request is shed');
    t.equal(shed.headers.get('retry-after'), '1');
    t.match(shed.headers.get('content-type'), /^application\/problem\+json/);
    const problem = (await shed.json()) as { type: string; reason: string };
    t.equal(problem.type, `${PROBLEM_TYPE_BASE}overloaded`);
    t.equal(problem.reason, 'in-flight');

    t.equal((await fetch(`${base}/health/live`)).status, 200, 'probes are never shed');
    t.equal((await fetch(`${base}/health/ready`)).status, 200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    t.match(metrics, /http_requests_shed_total\{reason="in-flight"\} 1/, 'shed requests are counted');
    t.match(metrics, /http_requests_in_flight 3/);

    release();
    const finished = await Promise.all(held);
    t.same(
      finished.map((r) => r.status),
      [200, 200, 200],
      'the requests in flight complete normally',
    );
    await Promise.all(finished.map((r) => r.body?.cancel()));
    t.equal(
      (await fetch(`${base}/public/fast`)).status,
      200,
      'once they are done, requests are served again',
    );
  },
);

t.test('a client that goes away frees its place once the work it started is done', async (t) => {
  const { app, untilArrived, release, arrivals } = holdingService({ MAX_IN_FLIGHT: '1' });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    release();
    await app.close();
  });
  const abort = new AbortController();
  const gone = fetch(`${base}/public/slow`, { signal: abort.signal }).catch(() => 'aborted');
  await untilArrived(1);
  t.equal((await fetch(`${base}/public/fast`)).status, 503, 'the one place is taken');
  const serverSawIt = once(arrivals, 'aborted');
  abort.abort();
  t.equal(await gone, 'aborted');
  await serverSawIt;
  t.equal(
    (await fetch(`${base}/public/fast`)).status,
    503,
    'its handler still works, so the place is still taken',
  );
  release();
  // The handler finishes a moment after it is let go; until then the place is still taken.
  let status = 503;
  for (let attempt = 0; attempt < 200 && status === 503; attempt++) {
    status = (await fetch(`${base}/public/fast`)).status;
    if (status === 503) await new Promise((resolve) => setImmediate(resolve));
  }
  t.equal(status, 200, 'the place is free again');
});

t.test('over the heap or event-loop limit requests are shed; probes still answer', async (t) => {
  let sample: LoadSample = { eventLoopDelayMs: 0, heapUsedBytes: 50 * 1024 * 1024 };
  const monitor: LoadMonitor = { sample: () => sample, close: () => {} };
  const { app } = holdingService({ MAX_HEAP_USED_MB: '100', MAX_EVENT_LOOP_DELAY_MS: '200' }, monitor);
  t.teardown(() => app.close());
  const get = (url: string) => app.inject({ method: 'GET', url });

  t.equal((await get('/public/fast')).statusCode, 200);

  sample = { eventLoopDelayMs: 0, heapUsedBytes: 150 * 1024 * 1024 };
  const heap = await get('/public/fast');
  t.equal(heap.statusCode, 503);
  t.equal(heap.headers['retry-after'], '5');
  t.equal(heap.json().reason, 'heap');
  t.equal((await get('/health/live')).statusCode, 200, 'liveness is exempt');

  sample = { eventLoopDelayMs: 450, heapUsedBytes: 50 * 1024 * 1024 };
  const loop = await get('/public/fast');
  t.equal(loop.statusCode, 503);
  t.equal(loop.headers['retry-after'], '2');
  t.equal(loop.json().reason, 'event-loop');
  t.equal((await get('/health/ready')).statusCode, 200, 'readiness is exempt');

  const metrics = (await get('/metrics')).body;
  t.match(metrics, /http_requests_shed_total\{reason="heap"\} 1/);
  t.match(metrics, /http_requests_shed_total\{reason="event-loop"\} 1/);

  sample = { eventLoopDelayMs: 10, heapUsedBytes: 50 * 1024 * 1024 };
  t.equal((await get('/public/fast')).statusCode, 200, 'served again once the pressure is gone');
});

t.test('a limit of 0 turns the heap and event-loop checks off', async (t) => {
  const monitor: LoadMonitor = {
    sample: () => ({ eventLoopDelayMs: 10_000, heapUsedBytes: 10 * 1024 ** 3 }),
    close: () => {},
  };
  const { app } = holdingService({ MAX_HEAP_USED_MB: '0', MAX_EVENT_LOOP_DELAY_MS: '0' }, monitor);
  t.teardown(() => app.close());
  t.equal((await app.inject({ method: 'GET', url: '/public/fast' })).statusCode, 200);
});

t.test('the default monitor samples the process', async (t) => {
  const monitor = startLoadMonitor();
  t.teardown(() => monitor.close());
  const { heapUsedBytes, eventLoopDelayMs } = monitor.sample();
  t.ok(heapUsedBytes > 0, 'heap in use is known from the start');
  t.ok(eventLoopDelayMs >= 0);
});
