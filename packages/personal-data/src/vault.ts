import { LruCache } from '@kazi/eventsourcing';
import { decrypt, encrypt } from './aesGcm.ts';
import {
  additionalData,
  assertFieldBinding,
  CURRENT_SEALED_VERSION,
  type FieldBinding,
  formatSealed,
  parseSealed,
} from './sealedValue.ts';
import {
  assertSubjectId,
  type ErasureWatch,
  SubjectErasedError,
  type SubjectKeyState,
  type SubjectKeyStore,
} from './subjectKeyStore.ts';

export interface PersonalDataVaultOptions {
  /** Subjects whose keys are held in process (default 10 000, about a megabyte). */
  cacheSize?: number;
  /**
   * How long a key is used from the cache before the store is asked again (default 30 s). Erasures by
   * other processes arrive through the store's watch at once; this bounds the damage when one is missed.
   */
  cacheTtlMs?: number;
  /** Milliseconds since the epoch; tests move it by hand. */
  now?: () => number;
}

export interface SealOptions {
  /**
   * The subject's key was most likely made already (a value of theirs was sealed before, perhaps by another
   * process): a process that does not hold it reads it first, one round trip, and creates it only if there
   * is none, instead of trying to create it (a refused write, then the read: two).
   */
  keyLikelyExists?: boolean;
}

export type Opened<T> = { erased: false; value: T } | { erased: true };

/**
 * A sealed value that does not authenticate: changed after sealing, or sealed for another subject,
 * record or field and copied here. Never "erased": that answer would hide tampering as a lawful erasure.
 */
export class PersonalDataIntegrityError extends Error {
  constructor(
    readonly subjectId: string,
    reason: string,
  ) {
    super(`sealed personal data of ${subjectId} ${reason}`);
    this.name = 'PersonalDataIntegrityError';
  }
}

export const DEFAULT_CACHE_SIZE = 10_000;
export const DEFAULT_CACHE_TTL_MS = 30_000;

type Known = Exclude<SubjectKeyState, { state: 'unknown' }>;
const ERASED: Known = { state: 'erased' };

interface CacheEntry {
  known: Known;
  expiresAt: number;
}

/**
 * Personal data sealed for the event log: each value encrypted with AES-256-GCM under its data subject's
 * key, with the subject, the record and the field it belongs to as AAD, so a value copied to another
 * subject, record or field does not open (values sealed before, `pd1`, bind the subject only). Erasing a subject
 * destroys its key, and every value ever sealed for it, in any stream, projection or backup, opens as
 * `{ erased: true }` from then on.
 *
 * Keys are cached in process: a subject seen before costs no round trip to the store, a new one one
 * (concurrent first uses of a subject share it). Call `ready()` before serving, so erasures by other
 * processes are watched, and `close()` when stopping.
 */
export class PersonalDataVault {
  private readonly cache: LruCache<string, CacheEntry>;
  private readonly lookups = new Map<string, Promise<SubjectKeyState>>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly watch: Promise<ErasureWatch | undefined>;
  private closed = false;

  constructor(
    private readonly keys: SubjectKeyStore,
    options: PersonalDataVaultOptions = {},
  ) {
    const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
    this.ttlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    if (!Number.isInteger(cacheSize) || cacheSize < 1) throw new RangeError('cacheSize must be at least 1');
    if (!(this.ttlMs >= 0)) throw new RangeError('cacheTtlMs must not be negative');
    this.cache = new LruCache(cacheSize);
    this.now = options.now ?? Date.now;
    this.watch = keys.watchErasures
      ? keys.watchErasures((subjectId) => this.forget(subjectId))
      : Promise.resolve(undefined);
    // Reported by ready(); without this an unawaited failure would crash the process.
    this.watch.catch(() => {});
  }

  /** Resolves once erasures by other processes are being watched; rejects if the watch could not start. */
  async ready(): Promise<void> {
    await this.watch;
  }

  /** Stops watching erasures. The vault still works, relying on cache expiry alone. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const watch = await this.watch.catch(() => undefined);
    await watch?.stop();
  }

  /**
   * `value` as JSON, encrypted for `subjectId` (whose key is created on first use) and bound to the
   * record and field it is stored in: it opens only with the same three.
   */
  async seal(
    subjectId: string,
    value: unknown,
    binding: FieldBinding,
    options: SealOptions = {},
  ): Promise<string> {
    assertSubjectId(subjectId);
    assertFieldBinding(binding);
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('only a JSON value can be sealed');
    const known = await this.keyOf(subjectId, 'create', options.keyLikelyExists === true);
    if (known.state !== 'active') throw new SubjectErasedError(subjectId);
    const aad = additionalData(CURRENT_SEALED_VERSION, subjectId, binding);
    return formatSealed(CURRENT_SEALED_VERSION, encrypt(known.key, Buffer.from(json, 'utf8'), aad));
  }

  /**
   * The value sealed for `subjectId` in this record and field, or `{ erased: true }` when its key was
   * destroyed (or never existed here: a key store that does not know the subject cannot open its data
   * either). Throws PersonalDataIntegrityError when `sealed` was changed or belongs to another subject,
   * record or field. A `pd1` value, sealed before bindings existed, is checked against its subject only.
   */
  async open<T>(subjectId: string, sealed: string, binding: FieldBinding): Promise<Opened<T>> {
    assertSubjectId(subjectId);
    assertFieldBinding(binding);
    const parsed = parseSealed(sealed);
    if (!parsed) throw new PersonalDataIntegrityError(subjectId, 'is not a sealed value (pd1 or pd2)');
    const known = await this.keyOf(subjectId, 'get');
    if (known.state !== 'active') return { erased: true };
    const plaintext = decrypt(known.key, parsed, additionalData(parsed.version, subjectId, binding));
    if (plaintext === undefined)
      throw new PersonalDataIntegrityError(
        subjectId,
        'does not authenticate: it was changed, or sealed for another subject, record or field',
      );
    return { erased: false, value: JSON.parse(plaintext.toString('utf8')) as T };
  }

  /** Destroys the subject's key, in the store and in this process's cache. Idempotent. */
  async erase(subjectId: string): Promise<void> {
    assertSubjectId(subjectId);
    await this.keys.destroy(subjectId);
    this.forget(subjectId);
  }

  /** Erasure is final: remembered as such, and any lookup under way is not cached when it returns. */
  private forget(subjectId: string): void {
    this.lookups.delete(subjectId);
    this.cache.set(subjectId, { known: ERASED, expiresAt: Number.POSITIVE_INFINITY });
  }

  private async keyOf(
    subjectId: string,
    need: 'create' | 'get',
    readFirst = false,
  ): Promise<SubjectKeyState> {
    let readExpired = true;
    for (;;) {
      const cached = this.cache.get(subjectId);
      if (cached && cached.expiresAt > this.now()) return cached.known;
      const pending = this.lookups.get(subjectId);
      if (pending) {
        const found = await pending;
        // A read that found nothing does not do for a seal: look again (and create).
        if (found.state !== 'unknown' || need === 'get') return found;
        continue;
      }
      // A key that expired from the cache exists: reading it is one round trip, a failed create two.
      const lookup = this.lookUp(subjectId, (cached || readFirst) && readExpired ? 'get' : need);
      readExpired = false;
      this.lookups.set(subjectId, lookup);
      try {
        const found = await lookup;
        if (this.lookups.get(subjectId) === lookup && found.state !== 'unknown')
          this.cache.set(subjectId, {
            known: found,
            expiresAt: found.state === 'erased' ? Number.POSITIVE_INFINITY : this.now() + this.ttlMs,
          });
        if (found.state !== 'unknown' || need === 'get') return found;
      } finally {
        if (this.lookups.get(subjectId) === lookup) this.lookups.delete(subjectId);
      }
    }
  }

  private async lookUp(subjectId: string, how: 'create' | 'get'): Promise<SubjectKeyState> {
    if (how === 'get') return this.keys.get(subjectId);
    try {
      return { state: 'active', key: await this.keys.create(subjectId) };
    } catch (err) {
      if (err instanceof SubjectErasedError) return ERASED;
      throw err;
    }
  }
}
