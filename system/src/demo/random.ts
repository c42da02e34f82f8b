import { createHash } from 'node:crypto';

/**
 * The demo's randomness: every item draws from a generator seeded by (seed, kind, index) alone, so item 17
 * is the same item whatever the sizes asked for and whichever order the items are loaded in, and two runs
 * with the same seed send the same bodies (the same Idempotency-Key with another body would be a 422).
 */
export class Random {
  private state: number;

  constructor(...parts: Array<string | number>) {
    // The first 4 bytes of a hash of the parts: a different stream for every item, none overlapping by chance.
    this.state = createHash('sha256').update(parts.join('/')).digest().readUInt32LE(0);
  }

  /** mulberry32: small, fast, and plenty for demo data. In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of `weighted`'s keys, each as likely as its weight. */
  weighted<K extends string>(weighted: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weighted) as Array<[K, number]>;
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return (entries.at(-1) as [K, number])[0];
  }

  /**
   * One of `items` with probability `p`, else undefined. It draws twice whatever `items` holds, so what an
   * item draws next does not depend on the sizes of other kinds (the plan of complaint 17 stays the same
   * when there are fewer employers).
   */
  maybe<T>(p: number, items: readonly T[]): T | undefined {
    const take = this.next() < p;
    const at = Math.floor(this.next() * items.length);
    return take && items.length > 0 ? items[at] : undefined;
  }

  /** `count` distinct items of `items`, in their order there. */
  some<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i] as T);
  }

  digits(count: number): string {
    let s = '';
    for (let i = 0; i < count; i++) s += String(this.int(0, 9));
    return s;
  }

  /** A calendar day (YYYY-MM-DD) in [from, to]. */
  day(from: string, to: string): string {
    const start = Date.parse(`${from}T00:00:00Z`);
    const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / 86_400_000);
    return addDays(from, this.int(0, days));
  }
}

export const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export const minDay = (a: string, b: string): string => (a < b ? a : b);

/** `n` as `width` digits: the demo's deterministic identifiers (registration numbers, passports). */
export const padded = (n: number, width: number): string => String(n).padStart(width, '0');
