import { randomUUID } from 'node:crypto';
import { OverloadedError } from '@kazi/core';
import { natsFixture, uniqueNamespace } from '@kazi/test-servers';
import t from 'tap';
import { JetStreamEventStore } from './jetstreamEventStore.ts';
import { limitPendingPublishes, pendingPublishes } from './pendingPublishes.ts';

const meta = () => ({
  commandId: randomUUID(),
  actor: 'officer-1',
  correlationId: randomUUID(),
  time: '2026-01-15T09:00:00.000Z',
});

t.test('with N+k concurrent appends on one connection only N publishes are pending at once', async (t) => {
  const namespace = uniqueNamespace('pp');
  const nc = await natsFixture(t, namespace);
  const store = await JetStreamEventStore.create({ nc, namespace, context: 'burst' });
  t.teardown(() => store.close());
  const limit = limitPendingPublishes(nc, { maxPending: 4, maxWaiting: 6 });
  t.equal(pendingPublishes(nc), limit, 'the store uses the limit set for its connection');

  // 30 appends at once: 4 publish, 6 wait their turn, 20 are refused without touching NATS.
  const results = await Promise.allSettled(
    Array.from({ length: 30 }, (_, i) =>
      store.append(`agency.a${i}`, [{ id: randomUUID(), type: 'x', data: {} }], {
        expectedVersion: 'no-stream',
        metadata: meta(),
      }),
    ),
  );
  const stored = results.filter((r) => r.status === 'fulfilled').length;
  const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof OverloadedError);
  t.equal(stored, 10, 'pending + waiting were stored');
  t.equal(refused.length, 20, 'the rest were refused with OverloadedError (HTTP 503)');
  t.match(limit.stats(), { pending: 0, waiting: 0, peakPending: 4, refused: 20 });
  t.equal((await store.head('agency.a0'))?.version, 1);

  // Nothing stays stuck: after the burst the next append goes through.
  const after = await store.append('agency.after', [{ id: randomUUID(), type: 'x', data: {} }], {
    expectedVersion: 'no-stream',
    metadata: meta(),
  });
  t.equal(after.nextExpectedVersion, 1);
});
