import { DomainError } from '@kazi/core';
import t from 'tap';
import {
  type ErasureWatch,
  MemorySubjectKeyStore,
  SubjectErasedError,
  type SubjectKeyState,
  type SubjectKeyStore,
} from './subjectKeyStore.ts';
import { PersonalDataIntegrityError, PersonalDataVault } from './vault.ts';

const alice = 'complainant:0b6f2d4e-6a7c-4d1e-9a43-1f0c9e2b7a10';
const bob = 'complainant:5c2a9e71-3b8d-4f6a-8e12-7d4b0a9c3e55';
const complainant = { fullName: 'Jane Wanjiku', phone: '+254712345678', nationalId: '12345678' };
/** Where the values of these tests belong; bindings themselves are specified in sealedValue.spec.ts. */
const where = { record: 'complaint.0b6f2d4e-6a7c-4d1e-9a43-1f0c9e2b7a10', field: 'complainant' };

/** A store that counts its calls; `watch: false` leaves out watchErasures, like a store shared by nobody. */
class CountingStore implements SubjectKeyStore {
  readonly calls = { create: 0, get: 0, destroy: 0 };
  failNextCreate: Error | undefined;
  watchErasures?: (onErased: (subjectId: string) => void) => Promise<ErasureWatch>;

  constructor(
    readonly inner: MemorySubjectKeyStore = new MemorySubjectKeyStore(),
    watch = true,
  ) {
    if (watch) this.watchErasures = (onErased) => this.inner.watchErasures(onErased);
  }

  async create(subjectId: string): Promise<Buffer> {
    this.calls.create++;
    const failure = this.failNextCreate;
    this.failNextCreate = undefined;
    if (failure) throw failure;
    return this.inner.create(subjectId);
  }

  async get(subjectId: string): Promise<SubjectKeyState> {
    this.calls.get++;
    return this.inner.get(subjectId);
  }

  async destroy(subjectId: string): Promise<void> {
    this.calls.destroy++;
    return this.inner.destroy(subjectId);
  }
}

const flip = (sealed: string, part: 1 | 2): string => {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[bytes.length - 1]! ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
};

t.test('a sealed value opens to the same value', async (t) => {
  const vault = new PersonalDataVault(new MemorySubjectKeyStore());
  const value = { ...complainant, note: 'Mfanyakazi wa nyumbani — Riyadh ✓', children: [1, 2], none: null };
  const sealed = await vault.seal(alice, value, where);
  t.match(sealed, /^pd2\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/, 'pd2.<12-byte iv>.<ciphertext + tag>');
  t.same(await vault.open(alice, sealed, where), { erased: false, value });
  t.same(await vault.open(alice, await vault.seal(alice, 'just a string', where), where), {
    erased: false,
    value: 'just a string',
  });
});

t.test('the sealed string contains none of the plaintext', async (t) => {
  const vault = new PersonalDataVault(new MemorySubjectKeyStore());
  const sealed = await vault.seal(alice, complainant, where);
  const bytes = Buffer.concat(sealed.split('.').map((part) => Buffer.from(part, 'base64url')));
  for (const text of Object.values(complainant)) {
    t.notOk(sealed.includes(text), `${text} is not in the sealed string`);
    t.notOk(bytes.includes(Buffer.from(text)), `${text} is not in its bytes`);
    t.notOk(sealed.includes(Buffer.from(text).toString('base64url')), `nor in base64url`);
  }
});

t.test('sealing the same value twice gives two different strings (random IV)', async (t) => {
  const vault = new PersonalDataVault(new MemorySubjectKeyStore());
  const first = await vault.seal(alice, complainant, where);
  const second = await vault.seal(alice, complainant, where);
  t.not(first, second);
  t.not(first.split('.')[1], second.split('.')[1], 'the IVs differ');
});

t.test('after erasure sealed values open as erased, and nothing more can be sealed', async (t) => {
  const keys = new MemorySubjectKeyStore();
  const vault = new PersonalDataVault(keys);
  const sealed = await vault.seal(alice, complainant, where);
  const bobs = await vault.seal(bob, { fullName: 'Otieno' }, where);
  await vault.erase(alice);
  await vault.erase(alice); // idempotent
  t.same(await vault.open(alice, sealed, where), { erased: true });
  t.same(
    await vault.open(bob, bobs, where),
    { erased: false, value: { fullName: 'Otieno' } },
    'others are kept',
  );
  const refused = await vault.seal(alice, complainant, where).catch((err: unknown) => err);
  t.type(refused, SubjectErasedError);
  t.type(refused, DomainError, 'a DomainError, so services answer 409 subject-erased');
  t.match(refused, { type: 'subject-erased', kind: 'conflict', subjectId: alice });
  t.same(await keys.get(alice), { state: 'erased' });

  const fresh = new PersonalDataVault(keys);
  t.same(
    await fresh.open(alice, sealed, where),
    { erased: true },
    'also for a vault that never cached the key',
  );
  await t.rejects(fresh.seal(alice, complainant, where), SubjectErasedError, 'no key is re-created');
  await t.rejects(keys.create(alice), SubjectErasedError);
});

t.test('a subject the store does not know opens as erased', async (t) => {
  const vault = new PersonalDataVault(new MemorySubjectKeyStore());
  const sealed = await vault.seal(alice, complainant, where);
  const elsewhere = new PersonalDataVault(new MemorySubjectKeyStore());
  t.same(await elsewhere.open(alice, sealed, where), { erased: true });
});

t.test('a changed ciphertext or IV is an integrity error, not an erasure', async (t) => {
  const vault = new PersonalDataVault(new MemorySubjectKeyStore());
  const sealed = await vault.seal(alice, complainant, where);
  await t.rejects(vault.open(alice, flip(sealed, 2), where), PersonalDataIntegrityError, 'ciphertext or tag');
  await t.rejects(vault.open(alice, flip(sealed, 1), where), PersonalDataIntegrityError, 'IV');
  await t.rejects(vault.open(alice, flip(sealed, 2), where), /does not authenticate/);
  const [prefix, iv, body] = sealed.split('.') as [string, string, string];
  for (const garbage of [
    '',
    'pd2',
    `${prefix}.${iv}`,
    `pd3.${iv}.${body}`,
    `pd1.${iv}.${body}`, // relabelled as the old format: its AAD is not the one it was sealed with
    `${prefix}.${iv}.${body}.x`,
    `${prefix}.${iv}.${body}A`, // a stray character Node's base64 decoder would ignore
    `${prefix}.${iv}.${body.slice(0, 10)}`, // shorter than a tag
    `${prefix}.${iv.slice(0, 8)}.${body}`, // not 12 bytes
    `${prefix}.${iv}.${body.replace(/.$/, '+')}`,
  ])
    await t.rejects(vault.open(alice, garbage, where), PersonalDataIntegrityError, JSON.stringify(garbage));
  await t.rejects(vault.open(alice, 42 as unknown as string, where), /is not a sealed value/);
});

t.test("a value sealed for one subject does not open as another's", async (t) => {
  const vault = new PersonalDataVault(new MemorySubjectKeyStore());
  const alices = await vault.seal(alice, complainant, where);
  await vault.seal(bob, { fullName: 'Otieno' }, where);
  const err = await vault.open(bob, alices, where).catch((e: unknown) => e);
  t.type(err, PersonalDataIntegrityError);
  t.match(err, { subjectId: bob, name: 'PersonalDataIntegrityError' });
});

t.test(
  'the subject id is authenticated too (AAD): the same key under another id does not open',
  async (t) => {
    // A store that (wrongly) hands both subjects one key: only the AAD can tell them apart.
    const shared = new MemorySubjectKeyStore();
    const oneKey: SubjectKeyStore = {
      create: () => shared.create('shared'),
      get: () => shared.get('shared'),
      destroy: () => shared.destroy('shared'),
    };
    const vault = new PersonalDataVault(oneKey);
    const sealed = await vault.seal(alice, complainant, where);
    t.same(await vault.open(alice, sealed, where), { erased: false, value: complainant });
    await t.rejects(vault.open(bob, sealed, where), PersonalDataIntegrityError);
  },
);

t.test('keys come from the cache until they expire', async (t) => {
  let now = 1_000_000;
  const keys = new CountingStore();
  const vault = new PersonalDataVault(keys, { cacheTtlMs: 30_000, now: () => now });
  const sealed = await vault.seal(alice, complainant, where);
  t.same(keys.calls, { create: 1, get: 0, destroy: 0 }, 'one store call for a new subject');
  await vault.seal(alice, complainant, where);
  await vault.open(alice, sealed, where);
  now += 29_999;
  await vault.open(alice, sealed, where);
  t.same(keys.calls, { create: 1, get: 0, destroy: 0 }, 'none while cached');
  now += 1;
  await vault.seal(alice, complainant, where);
  t.same(keys.calls, { create: 1, get: 1, destroy: 0 }, 'an expired key is read again (not re-created)');
  await vault.open(alice, sealed, where);
  t.same(keys.calls.get, 1, 'and cached again');
});

t.test(
  'without an erasure watch, another process’s erasure is seen when the cached key expires',
  async (t) => {
    let now = 0;
    const keys = new CountingStore(new MemorySubjectKeyStore(), false);
    const here = new PersonalDataVault(keys, { cacheTtlMs: 30_000, now: () => now });
    const there = new PersonalDataVault(keys, { now: () => now });
    await here.ready();
    const sealed = await here.seal(alice, complainant, where);
    await there.erase(alice);
    t.same(await here.open(alice, sealed, where), { erased: false, value: complainant }, 'still cached');
    now += 30_000;
    t.same(await here.open(alice, sealed, where), { erased: true }, 'erased once the entry expired');
    const reads = keys.calls.get;
    now += 1_000_000;
    t.same(await here.open(alice, sealed, where), { erased: true });
    t.equal(keys.calls.get, reads, 'an erasure is final: remembered without expiry');
    await here.close();
  },
);

t.test('with an erasure watch, another process’s erasure evicts the cached key at once', async (t) => {
  const keys = new MemorySubjectKeyStore();
  const here = new PersonalDataVault(keys, { cacheTtlMs: 3_600_000 });
  const there = new PersonalDataVault(keys, { cacheTtlMs: 3_600_000 });
  await Promise.all([here.ready(), there.ready()]);
  const sealed = await here.seal(alice, complainant, where);
  t.same(await here.open(alice, sealed, where), { erased: false, value: complainant });
  await there.erase(alice);
  t.same(await here.open(alice, sealed, where), { erased: true });
  await t.rejects(here.seal(alice, complainant, where), SubjectErasedError);

  await here.close();
  await here.close(); // idempotent
  const later = await here.seal(bob, 'b', where);
  await there.erase(bob);
  t.same(
    await here.open(bob, later, where),
    { erased: false, value: 'b' },
    'a closed vault no longer watches',
  );
});

t.test('an erasure during a lookup is not undone by caching what the lookup found', async (t) => {
  const inner = new MemorySubjectKeyStore();
  const sealed = await new PersonalDataVault(inner).seal(alice, complainant, where);
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const slow: SubjectKeyStore = {
    create: (id) => inner.create(id),
    get: async (id) => {
      const found = await inner.get(id);
      await gate;
      return found;
    },
    destroy: (id) => inner.destroy(id),
    watchErasures: (onErased) => inner.watchErasures(onErased),
  };
  const vault = new PersonalDataVault(slow);
  await vault.ready();
  const opening = vault.open(alice, sealed, where);
  await new Promise((resolve) => setImmediate(resolve));
  await inner.destroy(alice); // another process erases while the key is on its way
  release();
  t.same(await opening, { erased: false, value: complainant }, 'the read under way completes');
  t.same(await vault.open(alice, sealed, where), { erased: true }, 'but the key it found was not cached');
});

t.test('concurrent first seals of a subject make one key with one store call', async (t) => {
  const keys = new CountingStore();
  const vault = new PersonalDataVault(keys);
  const sealed = await Promise.all(Array.from({ length: 20 }, (_, i) => vault.seal(alice, { i }, where)));
  t.equal(keys.calls.create, 1, 'one create for twenty seals');
  const fresh = new PersonalDataVault(keys.inner);
  const opened = await Promise.all(sealed.map((s) => fresh.open<{ i: number }>(alice, s, where)));
  t.same(
    opened.map((o) => (o.erased ? -1 : o.value.i)),
    Array.from({ length: 20 }, (_, i) => i),
    'every value opens with the one stored key',
  );
});

t.test('a seal whose key likely exists reads it first, and creates it only when there is none', async (t) => {
  const keys = new CountingStore();
  const sealed = await new PersonalDataVault(keys.inner).seal(alice, 'first', where);
  const vault = new PersonalDataVault(keys);
  const again = await vault.seal(alice, 'second', where, { keyLikelyExists: true });
  t.same(keys.calls, { create: 0, get: 1, destroy: 0 }, "another process's key: one read, no refused create");
  t.same(await vault.open(alice, sealed, where), { erased: false, value: 'first' }, 'the same key');
  t.same(await vault.open(alice, again, where), { erased: false, value: 'second' });

  await vault.seal(bob, 'new', where, { keyLikelyExists: true });
  t.same(keys.calls, { create: 1, get: 2, destroy: 0 }, 'no key yet: read, then created');

  await keys.inner.destroy(alice);
  const erasedVault = new PersonalDataVault(keys);
  await t.rejects(erasedVault.seal(alice, 'late', where, { keyLikelyExists: true }), SubjectErasedError);
});

t.test('concurrent seals in separate vaults (processes) agree on one key', async (t) => {
  const keys = new MemorySubjectKeyStore();
  const vaults = Array.from({ length: 5 }, () => new PersonalDataVault(keys));
  const sealed = await Promise.all(vaults.map((v, i) => v.seal(alice, i, where)));
  for (const [i, s] of sealed.entries())
    t.same(await vaults[(i + 1) % vaults.length]!.open(alice, s, where), { erased: false, value: i });
});

t.test('reads and seals under way share one lookup', async (t) => {
  const keys = new CountingStore();
  const vault = new PersonalDataVault(keys);
  const sealed = await new PersonalDataVault(keys.inner).seal(alice, 'a', where);
  const [opened, , other] = await Promise.all([
    vault.open(alice, sealed, where),
    vault.seal(alice, 'again', where),
    vault.open(alice, sealed, where),
  ]);
  t.same(opened, { erased: false, value: 'a' });
  t.same(other, opened);
  t.same(keys.calls, { create: 0, get: 1, destroy: 0 }, 'the seal used the key the read found');

  // A read that finds nothing makes a waiting seal create the key.
  const [unknown, sealedForBob] = await Promise.all([
    vault.open(bob, sealed, where),
    vault.seal(bob, 'b', where),
  ]);
  t.same(unknown, { erased: true }, 'nothing existed when the read looked');
  t.same(keys.calls.create, 1);
  t.same(await vault.open(bob, sealedForBob, where), { erased: false, value: 'b' });
});

t.test('a failed store call is not cached: the next call asks again', async (t) => {
  const keys = new CountingStore();
  const vault = new PersonalDataVault(keys);
  keys.failNextCreate = new Error('nats: timeout');
  const [first, second] = await Promise.allSettled([
    vault.seal(alice, 1, where),
    vault.seal(alice, 2, where),
  ]);
  t.match(first, { status: 'rejected', reason: { message: 'nats: timeout' } });
  t.match(second, { status: 'rejected' }, 'those waiting on the failed call fail with it');
  const sealed = await vault.seal(alice, 3, where);
  t.same(await vault.open(alice, sealed, where), { erased: false, value: 3 });
  t.equal(keys.calls.create, 2);
});

t.test('the cache is bounded: the least recently used key is read again', async (t) => {
  const keys = new CountingStore();
  const vault = new PersonalDataVault(keys, { cacheSize: 2 });
  const a = await vault.seal('s:a', 'a', where);
  const b = await vault.seal('s:b', 'b', where);
  await vault.open('s:a', a, where); // a is now the most recent
  await vault.seal('s:c', 'c', where); // forgets b
  await vault.open('s:a', a, where);
  t.equal(keys.calls.get, 0, 'a still cached');
  t.same(await vault.open('s:b', b, where), { erased: false, value: 'b' });
  t.equal(keys.calls.get, 1, 'b was read again');
});

t.test('what cannot be sealed, and bad options', async (t) => {
  const vault = new PersonalDataVault(new MemorySubjectKeyStore());
  await t.rejects(vault.seal(alice, undefined, where), TypeError);
  await t.rejects(
    vault.seal(alice, () => 1, where),
    /only a JSON value/,
  );
  await t.rejects(vault.seal('', 'x', where), TypeError);
  await t.rejects(vault.seal('x'.repeat(257), 'x', where), /at most 256/);
  await t.rejects(vault.open('', 'pd1..', where), TypeError);
  await t.rejects(vault.erase(''), TypeError);
  t.throws(() => new PersonalDataVault(new MemorySubjectKeyStore(), { cacheSize: 0 }), RangeError);
  t.throws(() => new PersonalDataVault(new MemorySubjectKeyStore(), { cacheTtlMs: -1 }), RangeError);
  t.throws(() => new PersonalDataVault(new MemorySubjectKeyStore(), { cacheTtlMs: Number.NaN }), RangeError);
});

t.test('a watch that cannot start is reported by ready(), and close() still works', async (t) => {
  const inner = new MemorySubjectKeyStore();
  const broken: SubjectKeyStore = {
    create: (id) => inner.create(id),
    get: (id) => inner.get(id),
    destroy: (id) => inner.destroy(id),
    watchErasures: async () => {
      throw new Error('no JetStream');
    },
  };
  const vault = new PersonalDataVault(broken);
  await t.rejects(vault.ready(), /no JetStream/);
  t.same(await vault.open(alice, await vault.seal(alice, 1, where), where), { erased: false, value: 1 });
  await vault.close();
});

t.test('the memory store hands out copies of its keys', async (t) => {
  const keys = new MemorySubjectKeyStore();
  const key = await keys.create(alice);
  t.equal(key.length, 32);
  key.fill(0);
  const again = await keys.create(alice);
  t.not(again.toString('hex'), key.toString('hex'));
  const found = await keys.get(alice);
  t.same(found.state === 'active' && found.key, again);
  t.same(await keys.get(bob), { state: 'unknown' });
  await keys.destroy(bob);
  t.same(await keys.get(bob), { state: 'erased' }, 'erasing an unknown subject leaves a tombstone too');
  await t.rejects(keys.create(bob), SubjectErasedError);
});
