import { randomUUID } from 'node:crypto';
import { KaziError } from '@kazi/core';
import { CommandHandler, MemoryEventStore } from '@kazi/eventsourcing';
import { statusOf } from '@kazi/service-kit';
import t from 'tap';
import { MAX_REFERENCE, referenceSequence, referenceSequenceStream } from '../domain/referenceSequence.ts';
import { ReferenceAllocator } from './referenceAllocator.ts';

const handler = (store = new MemoryEventStore()) =>
  new CommandHandler({ decider: referenceSequence, store, stateSchemaVersion: 1, newId: randomUUID });

t.test('references are unique across concurrent lodgings and processes, per year', async (t) => {
  const store = new MemoryEventStore();
  const a = new ReferenceAllocator(handler(store), 5);
  const b = new ReferenceAllocator(handler(store), 5);
  const now = '2026-03-01T08:00:00.000Z';
  const refs = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).next(now)));
  t.equal(new Set(refs).size, 40, 'no reference given twice');
  for (const r of refs) t.match(r, /^NEA-2026-\d{6}$/);
  t.equal(await a.next('2027-01-01T00:00:00.000Z'), 'NEA-2027-000001', 'a new year starts a new sequence');
});

t.test('the sequence refuses when the year is exhausted', async (t) => {
  const h = handler();
  const metadata = { commandId: 'c', actor: 't', correlationId: 'c', time: '2026-01-01T00:00:00Z' };
  const command = {
    type: 'ReserveReferences' as const,
    year: 2026,
    count: MAX_REFERENCE + 10,
    now: '2026-01-01T00:00:00Z',
  };
  const first = await h.handle(referenceSequenceStream(2026), command, { metadata });
  t.match(first.events[0]?.data, { from: 1, to: MAX_REFERENCE }, 'a block never passes 999999');
  const refused = await h
    .handle(referenceSequenceStream(2026), command, { metadata: { ...metadata, commandId: 'd' } })
    .catch((e: unknown) => e);
  t.match(refused, { type: 'references-exhausted', kind: 'conflict' }, 'then no more');
  t.ok(refused instanceof KaziError && statusOf(refused) === 409, 'a lodging then answers 409');
});
