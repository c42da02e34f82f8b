import { names } from '@kazi/eventsourcing';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { type KV, type KvEntry, Kvm, KvWatchInclude } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { decrypt, encrypt, fromBase64url } from './aesGcm.ts';
import { MASTER_KEY_BYTES } from './masterKey.ts';
import {
  assertSubjectId,
  DATA_KEY_BYTES,
  type ErasureWatch,
  newDataKey,
  SubjectErasedError,
  type SubjectKeyState,
  type SubjectKeyStore,
} from './subjectKeyStore.ts';

/**
 * Which master key wrapped a data key. Only `k1` exists today; the id is stored with every wrapped key so
 * a rotation can add `k2`, unwrap with either and re-wrap in the background.
 */
export const MASTER_KEY_ID = 'k1';

/** Format of a stored entry: `{ v: 1, kid, iv, key }`, iv and key (wrapped key + GCM tag) in base64url. */
interface WrappedKeyV1 {
  v: 1;
  kid: string;
  iv: string;
  key: string;
}

/** A stored data key that this process cannot unwrap: the wrong master key, or a changed entry. */
export class SubjectKeyUnwrapError extends Error {
  constructor(
    readonly subjectId: string,
    reason: string,
  ) {
    super(`the data key of ${subjectId} cannot be unwrapped: ${reason}`);
    this.name = 'SubjectKeyUnwrapError';
  }
}

/**
 * The KV key of a subject: the subject id in base64url. KV keys allow only `[-/_=.A-Za-z0-9]` and the
 * id's `:` is not among them. base64url, unlike a hash, can be decoded: an erasure is a purge marker with
 * no value, and the key is all a watcher of erasures learns, so it must give back the subject id. The id
 * is a pseudonym (`complainant:<uuid>`), already in the event log in clear, so hiding it gains nothing.
 */
export const kvKeyOfSubject = (subjectId: string): string =>
  Buffer.from(subjectId, 'utf8').toString('base64url');

export const subjectOfKvKey = (kvKey: string): string => Buffer.from(kvKey, 'base64url').toString('utf8');

const isWrongLastSequence = (err: unknown): boolean =>
  err instanceof JetStreamApiError &&
  (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
    err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

/** A delete marker (only an operator makes one) leaves no key behind either: both mean erased. */
const isErasure = (entry: KvEntry): boolean => entry.operation === 'PURGE' || entry.operation === 'DEL';

/**
 * Data keys in a JetStream KV bucket (`<namespace>-subject-keys` unless `bucket` names another; file
 * storage, history 1), each wrapped with AES-256-GCM under the master key (the subject id as AAD, so an
 * entry copied to another subject does not unwrap): the bucket, its stream and their backups reveal nothing
 * without the master key.
 *
 * Erasure is a KV purge: a rollup that deletes every stored revision of the subject's key and leaves a
 * purge marker, the tombstone that makes the subject read as erased and refuses a new key. The bucket
 * has no TTL: tombstones must stay for good (never run `purgeDeletes` / `nats kv compact` on it).
 */
export class KvSubjectKeyStore implements SubjectKeyStore {
  private constructor(
    private readonly kv: KV,
    private readonly masterKey: Buffer,
  ) {}

  static async open(
    nc: NatsConnection,
    namespace: string,
    options: {
      masterKey: Buffer;
      replicas?: number;
      /**
       * The bucket's full name (default `<namespace>-subject-keys`). A service whose subjects are its own
       * gives them their own bucket, e.g. `<namespace>-agency-registry-subject-keys`; keep the namespace
       * as its prefix.
       */
      bucket?: string;
    },
  ): Promise<KvSubjectKeyStore> {
    if (!Buffer.isBuffer(options.masterKey) || options.masterKey.length !== MASTER_KEY_BYTES)
      throw new TypeError(`the personal-data master key must be ${MASTER_KEY_BYTES} bytes`);
    const kv = await new Kvm(nc).create(options.bucket ?? names.kvBucket(namespace, 'subject-keys'), {
      history: 1,
      storage: 'file',
      replicas: options.replicas ?? 1,
    });
    return new KvSubjectKeyStore(kv, Buffer.from(options.masterKey));
  }

  async create(subjectId: string): Promise<Buffer> {
    assertSubjectId(subjectId);
    const kvKey = kvKeyOfSubject(subjectId);
    const key = newDataKey();
    const wrapped = this.wrap(subjectId, key);
    // A few rounds at most: only an entry vanishing between our write and our read brings us back here.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        // Expected last sequence 0: written only if the key has no message at all. Not `kv.create`, which
        // also writes over a purge marker, and would so re-create the key of an erased subject.
        await this.kv.put(kvKey, wrapped, { previousSeq: 0 });
        return key;
      } catch (err) {
        if (!isWrongLastSequence(err)) throw err;
      }
      const found = await this.get(subjectId);
      if (found.state === 'active') return found.key;
      if (found.state === 'erased') throw new SubjectErasedError(subjectId);
    }
    throw new Error(`the data key of ${subjectId} could neither be created nor read; try again`);
  }

  async get(subjectId: string): Promise<SubjectKeyState> {
    assertSubjectId(subjectId);
    const entry = await this.kv.get(kvKeyOfSubject(subjectId));
    if (entry === null) return { state: 'unknown' };
    if (isErasure(entry)) return { state: 'erased' };
    return { state: 'active', key: this.unwrap(subjectId, entry) };
  }

  async destroy(subjectId: string): Promise<void> {
    assertSubjectId(subjectId);
    // Also for a subject without a key: the tombstone refuses one later.
    await this.kv.purge(kvKeyOfSubject(subjectId));
  }

  /**
   * Calls `onErased` with the subject id of every purge (or delete) made from now on, by any process.
   * Only headers are delivered: a watcher of erasures has no use for the wrapped keys of new subjects.
   */
  async watchErasures(onErased: (subjectId: string) => void): Promise<ErasureWatch> {
    const updates = await this.kv.watch({ include: KvWatchInclude.UpdatesOnly, headers_only: true });
    const done = (async () => {
      for await (const entry of updates) {
        if (!isErasure(entry)) continue;
        try {
          onErased(subjectOfKvKey(entry.key));
        } catch {
          // One failing listener call must not end the watch for every later erasure.
        }
      }
    })().catch(() => {
      // The watch ended with the connection; cache expiry remains the safety net.
    });
    return {
      stop: async () => {
        updates.stop();
        await done;
      },
    };
  }

  private wrap(subjectId: string, key: Buffer): string {
    const { iv, body } = encrypt(this.masterKey, key, subjectId);
    const record: WrappedKeyV1 = {
      v: 1,
      kid: MASTER_KEY_ID,
      iv: iv.toString('base64url'),
      key: body.toString('base64url'),
    };
    return JSON.stringify(record);
  }

  private unwrap(subjectId: string, entry: KvEntry): Buffer {
    let record: Partial<WrappedKeyV1>;
    try {
      record = entry.json<Partial<WrappedKeyV1>>();
    } catch {
      throw new SubjectKeyUnwrapError(subjectId, 'the stored entry is not a wrapped key');
    }
    if (record?.v !== 1) throw new SubjectKeyUnwrapError(subjectId, `unknown format ${String(record?.v)}`);
    if (record.kid !== MASTER_KEY_ID)
      throw new SubjectKeyUnwrapError(
        subjectId,
        `it was wrapped with master key ${String(record.kid)}, this process has ${MASTER_KEY_ID}`,
      );
    const iv = fromBase64url(String(record.iv));
    const body = fromBase64url(String(record.key));
    const key = iv && body ? decrypt(this.masterKey, { iv, body }, subjectId) : undefined;
    if (key?.length !== DATA_KEY_BYTES)
      throw new SubjectKeyUnwrapError(
        subjectId,
        `authentication failed under master key ${MASTER_KEY_ID} (a different master key than the one ` +
          'that wrapped it, or a changed entry)',
      );
    return key;
  }
}
