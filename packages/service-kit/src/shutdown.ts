import type { FastifyInstance } from 'fastify';

/**
 * While closing, responses carry `Connection: close`: a keep-alive client whose request is in flight would
 * otherwise hold its socket open and `app.close()` would wait for the keep-alive timeout.
 */
export function registerConnectionDraining(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}

export interface Stopper {
  name: string;
  stop: () => Promise<void>;
}

export interface GracefulShutdownOptions {
  app: FastifyInstance;
  /** Run in order after the server has stopped: drain consumers first, close NATS and Redis last. */
  stop?: Stopper[];
  /** Past this the process exits 1 rather than hang a deploy (default 10 s). */
  deadlineMs?: number;
  signals?: NodeJS.Signals[];
  /** Injected by tests; `process.exit` otherwise. */
  exit?: (code: number) => void;
}

export interface GracefulShutdown {
  /** Runs the shutdown now (what a signal does); resolves with the exit code it used. */
  shutdown: (reason?: string) => Promise<number>;
  /** Removes the signal listeners (tests). */
  dispose: () => void;
}

/**
 * On SIGTERM/SIGINT: stop accepting connections and let in-flight requests finish (`app.close`), then run
 * the stoppers in order, then exit 0. A second signal while shutting down does not start a second run.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const { app, stop = [], deadlineMs = 10_000, signals = ['SIGTERM', 'SIGINT'] } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<number> | undefined;

  const run = async (reason: string): Promise<number> => {
    app.log.info({ reason }, 'shutting down');
    const work = (async () => {
      await app.close();
      for (const stopper of stop) {
        try {
          await stopper.stop();
        } catch (err) {
          // One failing stopper must not keep the others (e.g. closing NATS) from running.
          app.log.error({ err, stopper: stopper.name }, 'stopper failed');
        }
      }
      return 0;
    })();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        app.log.error({ deadlineMs }, 'shutdown deadline passed; exiting');
        resolve(1);
      }, deadlineMs);
    });
    const code = await Promise.race([work, deadline]);
    clearTimeout(timer);
    app.log.info({ code }, 'shutdown complete');
    exit(code);
    return code;
  };

  const shutdown = (reason = 'requested') => {
    running ??= run(reason);
    return running;
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
  for (const s of signals) process.on(s, onSignal);
  return {
    shutdown,
    dispose: () => {
      for (const s of signals) process.off(s, onSignal);
    },
  };
}

/** Short form: `onShutdown(app, [{ name: 'nats', stop: () => nc.drain() }])`. */
export const onShutdown = (app: FastifyInstance, stop: Stopper[]): GracefulShutdown =>
  installGracefulShutdown({ app, stop });
