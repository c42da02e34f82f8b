import { InvalidStreamNameError } from '@kazi/core';
import { natsFixture, uniqueNamespace } from '@kazi/test-servers';
import t from 'tap';
import { KvSnapshotStore } from './kvSnapshotStore.ts';

const ns = uniqueNamespace('snap');
const nc = await natsFixture(t, ns);
const snapshots = await KvSnapshotStore.create({ nc, namespace: ns, context: 'names' });
const snapshot = { state: { n: 1 }, version: 3, position: 7, schemaVersion: 1 };

t.test('snapshots are kept by stream name', async (t) => {
  await snapshots.put('agency.one', snapshot);
  t.same(await snapshots.get('agency.one'), snapshot);
  t.equal(await snapshots.get('agency.two'), undefined);
});

t.test('a name that is not <category>.<id> is refused before it becomes a KV key', async (t) => {
  // `agency.>` as a key would be a wildcard; `agency.é` a key the server refuses (a 500 if not caught here).
  for (const name of ['agency.>', 'agency.*', 'agency.a.b', 'agency.é', 'agency. x', 'agency']) {
    await t.rejects(snapshots.get(name), InvalidStreamNameError, `get ${JSON.stringify(name)}`);
    await t.rejects(snapshots.put(name, snapshot), InvalidStreamNameError, `put ${JSON.stringify(name)}`);
  }
  t.same(await snapshots.get('agency.one'), snapshot, 'the stored snapshot is untouched');
});
