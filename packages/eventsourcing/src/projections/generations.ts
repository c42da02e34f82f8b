import type { Redis } from 'ioredis';
import {
  applyBatchScript,
  beginBuildScript,
  readGenerationsScript,
  switchGenerationScript,
} from './luaScript.ts';
import type { ProjectionLayout, RedisCommand } from './projection.ts';

export interface GenerationState {
  current: number;
  liveVersion: number | undefined;
  building: number | undefined;
  buildingVersion: number | undefined;
}

export type ApplyOutcome = 'applied' | 'duplicate' | 'gap' | 'retired';

/** One message's writes, guarded by its position. */
export interface BatchEntry {
  position: number;
  commands: RedisCommand[];
}

const optionalNumber = (text: string) => (text === '' ? undefined : Number(text));

/** Generation pointers, checkpoints and model keys of one projection in Redis. */
export class Generations {
  constructor(
    private readonly redis: Redis,
    readonly layout: ProjectionLayout,
  ) {}

  private get pointers() {
    return [this.layout.current, this.layout.building];
  }

  async read(version: number): Promise<GenerationState> {
    const [current, liveVersion, building, buildingVersion] = (await readGenerationsScript.run(
      this.redis,
      this.pointers,
      [this.layout.metaPrefix, version],
    )) as string[];
    return {
      current: Number(current),
      liveVersion: optionalNumber(liveVersion ?? ''),
      building: optionalNumber(building ?? ''),
      buildingVersion: optionalNumber(buildingVersion ?? ''),
    };
  }

  /** The generation to rebuild into, or undefined when newer code is already rebuilding. */
  async beginBuild(version: number): Promise<{ generation: number | undefined; abandoned: number }> {
    const [generation, abandoned] = (await beginBuildScript.run(this.redis, this.pointers, [
      this.layout.metaPrefix,
      version,
    ])) as number[];
    return { generation: generation! > 0 ? generation : undefined, abandoned: abandoned ?? 0 };
  }

  /** See switchGenerationScript: retired generation, 0 already live, -1 abandoned. */
  async switchTo(generation: number): Promise<number> {
    return (await switchGenerationScript.run(this.redis, this.pointers, [generation])) as number;
  }

  async checkpoint(generation: number): Promise<{ position: number; time: number | undefined }> {
    const [position, time] = await this.redis.hmget(this.layout.meta(generation), 'checkpoint', 'time');
    return { position: Number(position ?? 0), time: time ? Number(time) : undefined };
  }

  async apply(
    generation: number,
    after: number,
    timeMs: number,
    entries: BatchEntry[],
  ): Promise<{ outcome: ApplyOutcome; checkpoint: number }> {
    // Everything as strings: Lua numbers are doubles and would print large values as 1e+15.
    const batch = entries.map((e) => [String(e.position), e.commands.map((c) => c.map(String))]);
    const [status, checkpoint] = (await applyBatchScript.run(
      this.redis,
      [...this.pointers, this.layout.meta(generation)],
      [generation, after, timeMs, JSON.stringify(batch)],
    )) as number[];
    const outcome: ApplyOutcome =
      status === 1 ? 'applied' : status === 0 ? 'duplicate' : status === -1 ? 'gap' : 'retired';
    return { outcome, checkpoint: checkpoint ?? 0 };
  }

  /** Deletes a generation's model keys (SCAN + UNLINK in batches), then its meta hash last. */
  async delete(generation: number): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        `${this.layout.modelPrefix(generation)}:*`,
        'COUNT',
        1000,
      );
      cursor = next;
      if (keys.length > 0) await this.redis.unlink(...keys);
    } while (cursor !== '0');
    // Meta goes last: while it exists, the start-up sweep knows this generation still needs deleting.
    await this.redis.unlink(this.layout.meta(generation));
  }

  /**
   * Generations that have a meta hash but are neither live nor being built: left by a crash. Generation
   * numbers only grow, one per build, so the candidates are the numbers below the newest: one EXISTS each,
   * in one round trip — as many as the projection ever had generations, whatever else Redis holds (a SCAN
   * of the keyspace took over a minute at start-up with 1.5 million keys of other namespaces).
   */
  async stale(): Promise<number[]> {
    const state = await this.redis.mget(this.layout.current, this.layout.building);
    const keep = new Set(state.filter((s): s is string => s !== null).map(Number));
    // Only below the newest known: a build another replica opens meanwhile is always above it.
    const newest = Math.max(0, ...keep);
    const candidates: number[] = [];
    for (let generation = 1; generation < newest; generation++)
      if (!keep.has(generation)) candidates.push(generation);
    if (candidates.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const generation of candidates) pipeline.exists(this.layout.meta(generation));
    const found = (await pipeline.exec()) ?? [];
    return candidates.filter((_, i) => {
      const [error, exists] = found[i] ?? [];
      if (error) throw error;
      return exists === 1;
    });
  }
}
