import type { Redis } from 'ioredis';
import { names } from '../jetstream/names.ts';

/** Where a runner (and a source it lends it to) reports what it does; pino's logger fits. */
export interface ProjectionLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** One Redis write, e.g. `['HINCRBY', keys.key('agency', id), 'complaints', 1]`. */
export type RedisCommand = [command: string, ...args: (string | number)[]];

/** Builds keys under one generation of a read model: `<ns>:rm:<name>:g<generation>:<parts…>`. */
export interface ProjectionKeys {
  readonly generation: number;
  /** `<ns>:rm:<name>:g<generation>`; every key of the model starts with `prefix + ':'`. */
  readonly prefix: string;
  key(...parts: (string | number)[]): string;
}

/**
 * A read model as a pure function: events in, Redis writes out. No reads, so the runner can apply a
 * batch and its checkpoint in one atomic script, and a spec needs no Redis.
 * Bump `version` whenever `apply` changes what it writes: the runner then rebuilds the model from the
 * start of the log in a new generation while the old one keeps serving.
 */
export interface Projection<E> {
  /** Letters, digits and `-`: it is part of Redis keys and SCAN patterns. */
  readonly name: string;
  readonly version: number;
  apply(event: E, keys: ProjectionKeys): RedisCommand[];
}

/**
 * Several read models of the same events fed by one runner: one consumer, one delivery and one script per
 * batch instead of one each, and one checkpoint, so they are rebuilt together. Each part keeps its keys
 * under `<prefix>:<part name>` (read them with `partKeys`). The version is the sum of the parts' versions,
 * so bumping any part rebuilds the whole.
 */
export function combineProjections<E>(name: string, parts: Projection<E>[]): Projection<E> {
  const partNames = parts.map((part) => part.name);
  if (new Set(partNames).size !== partNames.length)
    throw new Error(`combined parts need distinct names: ${partNames.join(', ')}`);
  return {
    name,
    version: parts.reduce((sum, part) => sum + part.version, 0),
    apply: (event, keys) => parts.flatMap((part) => part.apply(event, partKeys(keys, part))),
  };
}

/** The keys of one part of a combined projection (see `combineProjections`). */
export function partKeys(keys: ProjectionKeys, part: Pick<Projection<unknown>, 'name'>): ProjectionKeys {
  const prefix = `${keys.prefix}:${part.name}`;
  return { generation: keys.generation, prefix, key: (...parts) => [prefix, ...parts].join(':') };
}

const NAME = /^[a-z0-9][a-z0-9-]*$/i;

/** Every Redis key a projection's runner uses, derived from the namespace (ADR 0001: `<ns>:<purpose>:…`). */
export function projectionLayout(namespace: string, name: string) {
  if (!NAME.test(name)) throw new Error(`projection name "${name}" must be letters, digits and "-"`);
  const base = names.redisKey(namespace, 'rm', name);
  return {
    /** Live generation number; readers follow it. */
    current: `${base}:current`,
    /** Generation being rebuilt, while one is. */
    building: `${base}:building`,
    /** Hash per generation: `checkpoint` (last applied position), `version`, `time` (ms of that message). */
    meta: (generation: number) => `${base}:meta:g${generation}`,
    metaPrefix: `${base}:meta:g`,
    modelPrefix: (generation: number) => `${base}:g${generation}`,
  };
}

export type ProjectionLayout = ReturnType<typeof projectionLayout>;

export function keysOf(layout: ProjectionLayout, generation: number): ProjectionKeys {
  const prefix = layout.modelPrefix(generation);
  return { generation, prefix, key: (...parts) => [prefix, ...parts].join(':') };
}

/**
 * Keys of the live generation, for readers (the query API). Read it per request, not once: a rebuild
 * switches generations. Before any runner has started, generation 1 (empty) is returned.
 */
export async function projectionKeys(redis: Redis, namespace: string, name: string): Promise<ProjectionKeys> {
  const layout = projectionLayout(namespace, name);
  const current = Number((await redis.get(layout.current)) ?? 1);
  return keysOf(layout, current);
}

// Commands a projection may emit. Checked before the script runs: Redis rejects an unknown command
// only mid-script, after earlier writes of the batch were made (scripts do not roll back).
const WRITE_COMMANDS = new Set(
  (
    'SET SETNX DEL UNLINK EXPIRE PEXPIRE PERSIST INCR INCRBY INCRBYFLOAT DECR DECRBY APPEND ' +
    'HSET HSETNX HDEL HINCRBY HINCRBYFLOAT SADD SREM SMOVE SINTERSTORE ZADD ZREM ZINCRBY ZREMRANGEBYSCORE ' +
    'ZREMRANGEBYRANK LPUSH RPUSH LREM LSET LTRIM PFADD SETBIT COPY RENAME'
  ).split(' '),
);
/** The apply script's own commands (luaScript.ts), with their exact argument counts. */
const FIELD_MEMBER_COMMANDS: Record<string, number> = {
  ZADDFIELD: 4,
  ZREMFIELD: 3,
  ZADDSCOREOF: 3,
  ZADDKEYFIELD: 5,
  ZREMKEYWORDS: 4,
};

/** Throws when a command is not one of the allowed writes or has an argument Redis would not take. */
export function checkCommand(command: RedisCommand): RedisCommand {
  const [name, ...args] = command;
  const arity = typeof name === 'string' ? FIELD_MEMBER_COMMANDS[name.toUpperCase()] : undefined;
  if (typeof name !== 'string' || (!WRITE_COMMANDS.has(name.toUpperCase()) && arity === undefined)) {
    throw new Error(`projection emitted unsupported Redis command ${JSON.stringify(name)}`);
  }
  if (arity !== undefined && args.length !== arity)
    throw new Error(`projection emitted ${name} with ${args.length} arguments instead of ${arity}`);
  for (const arg of args) {
    if (typeof arg === 'number' ? !Number.isFinite(arg) : typeof arg !== 'string') {
      throw new Error(`projection emitted ${name} with a bad argument ${JSON.stringify(arg)}`);
    }
  }
  return command;
}
