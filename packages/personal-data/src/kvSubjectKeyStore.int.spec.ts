import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { natsFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import t from 'tap';
import {
  KvSubjectKeyStore,
  kvKeyOfSubject,
  PersonalDataVault,
  SubjectErasedError,
  SubjectKeyUnwrapError,
  subjectOfKvKey,
} from './index.ts';

const masterKey = randomBytes(32);
const alice = 'complainant:0b6f2d4e-6a7c-4d1e-9a43-1f0c9e2b7a10';
const bob = 'complainant:5c2a9e71-3b8d-4f6a-8e12-7d4b0a9c3e55';

const bucketOf = (ns: string) => `${ns}-subject-keys`;

/** Every message still stored in the bucket's stream, read by sequence number (what a backup would copy). */
async function storedMessages(nc: NatsConnection, ns: string): Promise<{ seq: number; data: Buffer }[]> {
  const jsm = await jetstreamManager(nc);
  const stream = `KV_${bucketOf(ns)}`;
  const { state } = await jsm.streams.info(stream);
  const found: { seq: number; data: Buffer }[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq }); // null: deleted
    if (message) found.push({ seq, data: Buffer.from(message.data) });
  }
  return found;
}

t.test('the bucket is <ns>-subject-keys, file storage, history 1, one replica by default', async (t) => {
  const ns = uniqueNamespace('pd');
  const nc = await natsFixture(t, ns);
  await KvSubjectKeyStore.open(nc, ns, { masterKey });
  const status = await (await new Kvm(nc).open(bucketOf(ns))).status();
  t.equal(status.history, 1);
  t.equal(status.replicas, 1);
  t.equal(status.ttl, 0, 'no TTL: tombstones stay');
  const info = await (await jetstreamManager(nc)).streams.info(`KV_${bucketOf(ns)}`);
  t.equal(info.config.storage, 'file');
  await t.rejects(KvSubjectKeyStore.open(nc, ns, { masterKey: randomBytes(16) }), /must be 32 bytes/);
});

t.test('a service may name its own bucket: same settings, keys and erasures kept apart', async (t) => {
  const ns = uniqueNamespace('pd');
  const nc = await natsFixture(t, ns);
  const bucket = `${ns}-agency-registry-subject-keys`;
  const own = await KvSubjectKeyStore.open(nc, ns, { masterKey, bucket });
  const shared = await KvSubjectKeyStore.open(nc, ns, { masterKey });
  const status = await (await new Kvm(nc).open(bucket)).status();
  t.equal(status.history, 1);
  t.equal(status.ttl, 0, 'no TTL: tombstones stay');
  const info = await (await jetstreamManager(nc)).streams.info(`KV_${bucket}`);
  t.equal(info.config.storage, 'file');

  const key = await own.create(alice);
  t.ok(await (await new Kvm(nc).open(bucket)).get(kvKeyOfSubject(alice)), 'the key is in the named bucket');
  t.same(await shared.get(alice), { state: 'unknown' }, 'and not in the default one');
  await shared.destroy(alice);
  t.same(await own.get(alice), { state: 'active', key }, 'an erasure in the default bucket leaves it');
  const reopened = await KvSubjectKeyStore.open(await natsFixture(t, ns), ns, { masterKey, bucket });
  t.same(await reopened.get(alice), { state: 'active', key }, 'reopened by its name, the key is found');
  await own.destroy(alice);
  t.same(await reopened.get(alice), { state: 'erased' }, 'and its own tombstone is kept there');
});

t.test('subject ids map to valid KV keys and back', async (t) => {
  for (const id of [alice, 'attache-case:SA/2026/001', 'x', 'ü:ñ.é']) {
    t.match(kvKeyOfSubject(id), /^[A-Za-z0-9_-]+$/, id);
    t.equal(subjectOfKvKey(kvKeyOfSubject(id)), id);
  }
});

t.test('the stored data key is wrapped: the bucket alone does not reveal it', async (t) => {
  const ns = uniqueNamespace('pd');
  const nc = await natsFixture(t, ns);
  const store = await KvSubjectKeyStore.open(nc, ns, { masterKey });
  const key = await store.create(alice);
  t.equal(key.length, 32);
  t.same(await store.get(alice), { state: 'active', key });

  const entry = await (await new Kvm(nc).open(bucketOf(ns))).get(kvKeyOfSubject(alice));
  const raw = Buffer.from(entry!.value);
  t.match(JSON.parse(raw.toString('utf8')), { v: 1, kid: 'k1', iv: String, key: String });
  t.notOk(raw.includes(key), 'not the raw bytes');
  for (const encoding of ['base64', 'base64url', 'hex'] as const)
    t.notOk(raw.toString('utf8').includes(key.toString(encoding)), `not in ${encoding}`);
  for (const { data } of await storedMessages(nc, ns))
    t.notOk(data.includes(key), 'nor anywhere in the stream');
});

t.test('another master key, a moved entry or a changed entry cannot unwrap: a clear error', async (t) => {
  const ns = uniqueNamespace('pd');
  const nc = await natsFixture(t, ns);
  const store = await KvSubjectKeyStore.open(nc, ns, { masterKey });
  await store.create(alice);
  const wrong = await KvSubjectKeyStore.open(nc, ns, { masterKey: randomBytes(32) });
  const err = await wrong.get(alice).catch((e: unknown) => e);
  t.type(err, SubjectKeyUnwrapError);
  t.match(err, {
    subjectId: alice,
    message: /cannot be unwrapped: authentication failed under master key k1 \(a different master key/,
  });
  await t.rejects(
    wrong.create(alice),
    SubjectKeyUnwrapError,
    'create does not overwrite what it cannot read',
  );
  t.ok((await store.get(alice)).state === 'active', 'the right master key still unwraps');

  const kv = await new Kvm(nc).open(bucketOf(ns));
  const stored = (await kv.get(kvKeyOfSubject(alice)))!.string();
  await kv.put(kvKeyOfSubject(bob), stored);
  await t.rejects(
    store.get(bob),
    /authentication failed/,
    "alice's wrapped key copied to bob does not unwrap",
  );

  const record = JSON.parse(stored) as Record<string, unknown>;
  await kv.put(kvKeyOfSubject('s:k2'), JSON.stringify({ ...record, kid: 'k2' }));
  await t.rejects(store.get('s:k2'), /wrapped with master key k2, this process has k1/);
  await kv.put(kvKeyOfSubject('s:v2'), JSON.stringify({ ...record, v: 2 }));
  await t.rejects(store.get('s:v2'), /unknown format 2/);
  await kv.put(kvKeyOfSubject('s:junk'), 'not json');
  await t.rejects(store.get('s:junk'), /not a wrapped key/);
  await kv.put(kvKeyOfSubject('s:iv'), JSON.stringify({ ...record, iv: 'not base64url!' }));
  await t.rejects(store.get('s:iv'), SubjectKeyUnwrapError);
});

t.test('20 concurrent creates for one subject, from two processes, return one key', async (t) => {
  const ns = uniqueNamespace('pd');
  const nc = await natsFixture(t, ns);
  const other = await natsFixture(t, ns);
  const stores = [
    await KvSubjectKeyStore.open(nc, ns, { masterKey }),
    await KvSubjectKeyStore.open(other, ns, { masterKey }),
  ];
  const keys = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.create(alice)));
  t.equal(new Set(keys.map((k) => k.toString('hex'))).size, 1, 'every caller got the same key');
  t.same(await stores[0]!.get(alice), { state: 'active', key: keys[0] });
  const history = await (await new Kvm(nc).open(bucketOf(ns))).history({ key: kvKeyOfSubject(alice) });
  let revisions = 0;
  for await (const _ of history) revisions++;
  t.equal(revisions, 1, 'one write reached the bucket');
});

t.test('destroy leaves a tombstone that survives reopening: erased for good, no new key', async (t) => {
  const ns = uniqueNamespace('pd');
  const nc = await natsFixture(t, ns);
  const store = await KvSubjectKeyStore.open(nc, ns, { masterKey });
  const where = { record: 'complaint.1', field: 'complainant' };
  const sealed = await new PersonalDataVault(store).seal(alice, { fullName: 'Jane Wanjiku' }, where);
  t.same(await store.get(bob), { state: 'unknown' });
  await store.destroy(alice);
  await store.destroy(alice); // idempotent
  await store.destroy(bob); // never had a key: erased all the same
  t.same(await store.get(alice), { state: 'erased' });

  const later = await natsFixture(t, ns);
  const reopened = await KvSubjectKeyStore.open(later, ns, { masterKey });
  t.same(await reopened.get(alice), { state: 'erased' });
  t.same(await reopened.get(bob), { state: 'erased' });
  const err = await reopened.create(alice).catch((e: unknown) => e);
  t.type(err, SubjectErasedError, 'no key is re-created for an erased subject');
  t.match(err, { type: 'subject-erased', subjectId: alice });
  await t.rejects(reopened.create(bob), SubjectErasedError);
  const vault = new PersonalDataVault(reopened);
  t.same(await vault.open(alice, sealed, where), { erased: true });
  await t.rejects(vault.seal(alice, 'again', where), SubjectErasedError);
  await vault.close();
});

t.test('erasure purges every stored revision: no old value can be read back', async (t) => {
  const ns = uniqueNamespace('pd');
  const nc = await natsFixture(t, ns);
  const store = await KvSubjectKeyStore.open(nc, ns, { masterKey });
  const kv = await new Kvm(nc).open(bucketOf(ns));
  await store.create(alice);
  await store.create(bob);
  const before = (await kv.get(kvKeyOfSubject(alice)))!;
  const wrapped = Buffer.from(before.value);
  t.ok(
    (await storedMessages(nc, ns)).some(({ data }) => data.equals(wrapped)),
    'the stream holds the wrapped key',
  );

  await store.destroy(alice);
  t.same(await kv.get(kvKeyOfSubject(alice), { revision: before.revision }).catch(() => null), null);
  t.equal(
    await (await jetstreamManager(nc)).streams.getMessage(`KV_${bucketOf(ns)}`, { seq: before.revision }),
    null,
    'the message at its old sequence is gone',
  );
  const history = await kv.history({ key: kvKeyOfSubject(alice) });
  const left: { operation: string; length: number }[] = [];
  for await (const e of history) left.push({ operation: e.operation, length: e.value.length });
  t.same(left, [{ operation: 'PURGE', length: 0 }], 'only the tombstone, with no value');
  const stored = await storedMessages(nc, ns);
  t.notOk(
    stored.some(({ data }) => data.includes(wrapped)),
    'no message in the stream holds the wrapped key',
  );
  t.equal(stored.length, 2, "bob's key and alice's tombstone");
});

t.test("another replica's vault forgets an erased key at once, through the erasure watch", async (t) => {
  const ns = uniqueNamespace('pd');
  const ncA = await natsFixture(t, ns);
  const ncB = await natsFixture(t, ns);
  const hour = 3_600_000;
  const vaultA = new PersonalDataVault(await KvSubjectKeyStore.open(ncA, ns, { masterKey }), {
    cacheTtlMs: hour,
  });
  const vaultB = new PersonalDataVault(await KvSubjectKeyStore.open(ncB, ns, { masterKey }), {
    cacheTtlMs: hour,
  });
  t.teardown(() => Promise.all([vaultA.close(), vaultB.close()]));
  await Promise.all([vaultA.ready(), vaultB.ready()]);

  const where = { record: 'complaint.1', field: 'complainant' };
  const sealed = await vaultA.seal(alice, { fullName: 'Jane Wanjiku' }, where);
  await vaultA.seal(bob, 'kept', where);
  t.same(await vaultB.open(alice, sealed, where), { erased: false, value: { fullName: 'Jane Wanjiku' } });
  await vaultA.erase(alice);
  const started = Date.now();
  let opened = await vaultB.open(alice, sealed, where);
  while (!opened.erased && Date.now() - started < 2_000) {
    await sleep(10);
    opened = await vaultB.open(alice, sealed, where);
  }
  t.same(opened, { erased: true }, 'erased in B long before its cached key would expire');
  t.ok(Date.now() - started < 2_000, `within ${Date.now() - started} ms`);
  await t.rejects(vaultB.seal(alice, 'more', where), SubjectErasedError);
});

t.test('watchErasures reports erasures by any process until stopped, and nothing else', async (t) => {
  const ns = uniqueNamespace('pd');
  const nc = await natsFixture(t, ns);
  const store = await KvSubjectKeyStore.open(nc, ns, { masterKey });
  await store.create('s:before');
  await store.destroy('s:before'); // before the watch: not reported
  const seen: string[] = [];
  const watch = await store.watchErasures((id) => {
    seen.push(id);
    if (id === alice) throw new Error('a listener bug'); // must not end the watch
  });
  await store.create(alice); // a new key: not an erasure
  await store.destroy(alice);
  const kv = await new Kvm(nc).open(bucketOf(ns));
  await kv.delete(kvKeyOfSubject(bob)); // an operator's delete marker also leaves no key
  const deadline = Date.now() + 2_000;
  while (seen.length < 2 && Date.now() < deadline) await sleep(10);
  t.same(seen, [alice, bob]);
  t.same(await store.get(bob), { state: 'erased' });
  await watch.stop();
  await store.destroy('s:after');
  await sleep(100);
  t.same(seen, [alice, bob], 'nothing after stop');
});
