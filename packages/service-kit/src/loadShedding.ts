import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod, RouteOptions } from 'fastify';
import type { Counter, Gauge } from 'prom-client';
import type { BaseConfig } from './config.ts';
import { problem, sendProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `'exempt'` for probes and metrics: they must answer most of all when the process is overloaded. */
    loadShedding?: 'exempt';
  }
}

export interface LoadSample {
  /** Mean event-loop delay over the last sampling interval. */
  eventLoopDelayMs: number;
  heapUsedBytes: number;
}

/** The process's load as last sampled: reading it per request costs nothing. */
export interface LoadMonitor {
  sample(): LoadSample;
  close(): void;
}

const SAMPLE_INTERVAL_MS = 1_000;
const DELAY_RESOLUTION_MS = 10;

export function startLoadMonitor(): LoadMonitor {
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  let latest: LoadSample = { eventLoopDelayMs: 0, heapUsedBytes: process.memoryUsage().heapUsed };
  const timer = setInterval(() => {
    // The histogram counts the sampling timer's own resolution as delay; an idle loop is 0, not 10 ms.
    const mean = delay.mean / 1e6 - DELAY_RESOLUTION_MS;
    latest = {
      eventLoopDelayMs: Number.isFinite(mean) ? Math.max(0, mean) : 0,
      heapUsedBytes: process.memoryUsage().heapUsed,
    };
    delay.reset();
  }, SAMPLE_INTERVAL_MS);
  timer.unref();
  return {
    sample: () => latest,
    close: () => {
      clearInterval(timer);
      delay.disable();
    },
  };
}

export type ShedReason = 'in-flight' | 'event-loop' | 'heap';

/**
 * Seconds a shed client should wait: a full in-flight limit clears as fast as requests complete, a busy
 * loop or a full heap needs at least a sampling interval and a garbage collection.
 */
const RETRY_AFTER_SECONDS: Record<ShedReason, number> = { 'in-flight': 1, 'event-loop': 2, heap: 5 };

export interface LoadSheddingOptions {
  config: Pick<BaseConfig, 'MAX_IN_FLIGHT' | 'MAX_EVENT_LOOP_DELAY_MS' | 'MAX_HEAP_USED_MB'>;
  shed: Counter<'reason'>;
  inFlight: Gauge;
  /** Tests pass their own; by default the process is sampled once a second while the app is open. */
  monitor?: LoadMonitor;
}

/**
 * Sheds load instead of queueing it: beyond MAX_IN_FLIGHT requests at once, or with the event loop or the
 * heap over their limits, a request is answered at once with 503 `overloaded` and `Retry-After`, before
 * any work (token, Redis, store) is done for it. Memory then stays bounded however many clients come.
 */
export function registerLoadShedding(app: FastifyInstance, options: LoadSheddingOptions): void {
  const { config, shed, inFlight } = options;
  const monitor = options.monitor ?? startLoadMonitor();
  app.addHook('onClose', async () => monitor.close());
  let working = 0;

  const overloaded = (): ShedReason | undefined => {
    if (working >= config.MAX_IN_FLIGHT) return 'in-flight';
    const { eventLoopDelayMs, heapUsedBytes } = monitor.sample();
    if (config.MAX_EVENT_LOOP_DELAY_MS > 0 && eventLoopDelayMs > config.MAX_EVENT_LOOP_DELAY_MS)
      return 'event-loop';
    if (config.MAX_HEAP_USED_MB > 0 && heapUsedBytes > config.MAX_HEAP_USED_MB * 1024 * 1024) return 'heap';
    return undefined;
  };

  const slots = new WeakMap<FastifyRequest, InFlightSlot>();
  const release = () => {
    working -= 1;
    inFlight.set(working);
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.loadShedding === 'exempt') return;
    const reason = overloaded();
    if (reason !== undefined) {
      shed.inc({ reason });
      reply.header('retry-after', String(RETRY_AFTER_SECONDS[reason]));
      return sendProblem(
        reply,
        problem(503, 'overloaded', 'the service is overloaded: retry after the time in Retry-After', {
          reason,
        }),
      );
    }
    working += 1;
    inFlight.set(working);
    const slot = new InFlightSlot(release);
    slots.set(request, slot);
    reply.raw.once('close', () => slot.responseClosed());
  });
  // Every route registered after this (all of them: the kit registers it first) tells its slot when the
  // handler is done, so a client that hangs up does not free a place while its work still runs.
  app.addHook('onRoute', (route: RouteOptions) => {
    route.handler = trackingHandler(route.handler, slots);
  });
}

/**
 * A request's place among the MAX_IN_FLIGHT: freed when its response is closed (sent, or the client went
 * away) and its handler, if it started, has finished. 'close' alone would free the place of an aborted
 * request whose handler still works; 'finish' alone would never free it.
 */
class InFlightSlot {
  private handlers = 0;
  private closed = false;
  private freed = false;

  constructor(private readonly free: () => void) {}

  handlerStarted(): void {
    this.handlers += 1;
  }

  handlerDone(): void {
    this.handlers -= 1;
    this.freeWhenIdle();
  }

  responseClosed(): void {
    this.closed = true;
    this.freeWhenIdle();
  }

  private freeWhenIdle(): void {
    if (this.freed || !this.closed || this.handlers > 0) return;
    this.freed = true;
    this.free();
  }
}

function trackingHandler(
  handler: RouteHandlerMethod,
  slots: WeakMap<FastifyRequest, InFlightSlot>,
): RouteHandlerMethod {
  return function trackedHandler(this: FastifyInstance, request, reply) {
    const slot = slots.get(request);
    if (slot === undefined) return handler.call(this, request, reply);
    slot.handlerStarted();
    let result: unknown;
    try {
      result = handler.call(this, request, reply);
    } catch (error) {
      slot.handlerDone();
      throw error;
    }
    if (result instanceof Promise) return result.finally(() => slot.handlerDone());
    slot.handlerDone();
    return result;
  } as RouteHandlerMethod;
}
