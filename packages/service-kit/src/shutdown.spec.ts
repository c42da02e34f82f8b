import t from 'tap';
import { createService } from './app.ts';
import { baseConfigSchema, loadConfig } from './config.ts';
import { createLogger } from './logging.ts';
import { installGracefulShutdown } from './shutdown.ts';

const config = loadConfig(baseConfigSchema, { NODE_ENV: 'test', KAZI_DEV: '1', LOG_LEVEL: 'silent' });

t.test(
  'shutdown lets in-flight requests finish, then runs the stoppers in order, then exits 0',
  async (t) => {
    const events: string[] = [];
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const latch = new Promise<void>((resolve) => (release = resolve));
    const app = createService({
      name: 'shutdown-test',
      config,
      logger: createLogger(config, 'shutdown-test'),
      routes: (s) => {
        s.get('/public/slow', { config: { auth: 'public', rateLimit: false } }, async () => {
          entered();
          await latch;
          events.push('request finished');
          return { done: true };
        });
      },
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const exits: number[] = [];
    const graceful = installGracefulShutdown({
      app,
      signals: [],
      exit: (code) => void exits.push(code),
      stop: [
        { name: 'consumers', stop: async () => void events.push('consumers drained') },
        { name: 'broken', stop: async () => Promise.reject(new Error('already closed')) },
        { name: 'nats', stop: async () => void events.push('nats closed') },
      ],
    });

    const inFlight = fetch(`${address}/public/slow`);
    await inHandler;
    const done = graceful.shutdown('test');
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const res = await inFlight;
    t.equal(res.status, 200, 'the in-flight request completed');
    t.same(await res.json(), { done: true });
    t.equal(await done, 0);
    t.same(
      events,
      ['request finished', 'consumers drained', 'nats closed'],
      'a failing stopper does not stop the others',
    );
    t.same(exits, [0]);
    await t.rejects(fetch(`${address}/public/slow`), 'no new connections are accepted');
  },
);

t.test('a stopper that hangs cannot hold the process past the deadline', async (t) => {
  const app = createService({ name: 'hang', config, logger: createLogger(config, 'hang'), routes: () => {} });
  const exits: number[] = [];
  const graceful = installGracefulShutdown({
    app,
    signals: [],
    deadlineMs: 50,
    exit: (code) => void exits.push(code),
    stop: [{ name: 'stuck', stop: () => new Promise(() => {}) }],
  });
  t.equal(await graceful.shutdown(), 1);
  t.same(exits, [1]);
});

t.test('SIGTERM triggers the shutdown once', async (t) => {
  const app = createService({
    name: 'signal',
    config,
    logger: createLogger(config, 'signal'),
    routes: () => {},
  });
  const exits: number[] = [];
  const graceful = installGracefulShutdown({
    app,
    signals: ['SIGTERM'],
    exit: (code) => void exits.push(code),
  });
  t.teardown(graceful.dispose);
  process.emit('SIGTERM', 'SIGTERM');
  process.emit('SIGTERM', 'SIGTERM');
  t.equal(await graceful.shutdown(), 0);
  t.same(exits, [0]);
});
