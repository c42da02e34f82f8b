import { randomBytes } from 'node:crypto';
import { DomainError } from '@kazi/core';

/** AES-256 data keys: one per data subject, so erasing one subject never touches another's data. */
export const DATA_KEY_BYTES = 32;

/** Longest subject id accepted: ids are `<kind>:<uuid>`; anything much longer is a bug, not an id. */
export const MAX_SUBJECT_ID_LENGTH = 256;

export type SubjectKeyState = { state: 'active'; key: Buffer } | { state: 'erased' } | { state: 'unknown' };

/** A running subscription to erasures; `stop` ends it. */
export interface ErasureWatch {
  stop(): Promise<void>;
}

/**
 * Port: the per-data-subject keys of crypto-shredding. Personal data in the append-only event log is
 * encrypted under its subject's key, so destroying the key erases the data everywhere it was copied
 * (streams, projections, backups of either) without rewriting history.
 */
export interface SubjectKeyStore {
  /**
   * The subject's key, created (random, durably stored) if it has none. Concurrent calls for one subject
   * agree on one key. Throws SubjectErasedError for an erased subject: a key is never re-created, or data
   * recorded after the erasure would be readable again.
   */
  create(subjectId: string): Promise<Buffer>;
  get(subjectId: string): Promise<SubjectKeyState>;
  /** Destroys the key for good, leaving a tombstone so the subject reads as erased forever. Idempotent. */
  destroy(subjectId: string): Promise<void>;
  /**
   * Calls `onErased` whenever any process destroys a key (optional: stores shared between processes offer
   * it so every process's cache forgets an erased key at once, not when its entry expires).
   */
  watchErasures?(onErased: (subjectId: string) => void): Promise<ErasureWatch>;
}

/** The subject was erased: no personal data may be recorded for it any more. */
export class SubjectErasedError extends DomainError {
  constructor(readonly subjectId: string) {
    super('subject-erased', `the personal data of ${subjectId} was erased; none can be recorded for it`);
  }
}

export function assertSubjectId(subjectId: string): void {
  if (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.length > MAX_SUBJECT_ID_LENGTH)
    throw new TypeError(`a subject id is a non-empty string of at most ${MAX_SUBJECT_ID_LENGTH} characters`);
}

export const newDataKey = (): Buffer => randomBytes(DATA_KEY_BYTES);

/** Keys in a Map, for unit tests and single-process tools. Hands out copies, as a real store would. */
export class MemorySubjectKeyStore implements SubjectKeyStore {
  private readonly keys = new Map<string, Buffer | 'erased'>();
  private readonly watchers = new Set<(subjectId: string) => void>();

  async create(subjectId: string): Promise<Buffer> {
    assertSubjectId(subjectId);
    // Check and set within one turn of the event loop: concurrent calls cannot interleave here.
    const found = this.keys.get(subjectId);
    if (found === 'erased') throw new SubjectErasedError(subjectId);
    if (found) return Buffer.from(found);
    const key = newDataKey();
    this.keys.set(subjectId, key);
    return Buffer.from(key);
  }

  async get(subjectId: string): Promise<SubjectKeyState> {
    assertSubjectId(subjectId);
    const found = this.keys.get(subjectId);
    if (found === undefined) return { state: 'unknown' };
    return found === 'erased' ? { state: 'erased' } : { state: 'active', key: Buffer.from(found) };
  }

  async destroy(subjectId: string): Promise<void> {
    assertSubjectId(subjectId);
    const found = this.keys.get(subjectId);
    if (found instanceof Buffer) found.fill(0);
    this.keys.set(subjectId, 'erased');
    for (const onErased of this.watchers) onErased(subjectId);
  }

  async watchErasures(onErased: (subjectId: string) => void): Promise<ErasureWatch> {
    this.watchers.add(onErased);
    return {
      stop: async () => {
        this.watchers.delete(onErased);
      },
    };
  }
}
