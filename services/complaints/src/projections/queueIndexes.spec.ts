import type { RecordedEvent } from '@kazi/eventsourcing';
import t, { type Test } from 'tap';
import { COMPLAINT_STATUSES, OPEN_STATUSES, SEVERITIES } from '../domain/complaint/vocabulary.ts';
import { queueScore, statusOf } from './complaintQueue.ts';
import { events, keys, replay, walk } from './queueReplay.fixture.ts';

/**
 * Every index holds exactly the complaints its filter matches, at their queue position, after any order
 * of legal events: the projection moves complaints between indexes without reading (docs/bounded-work.md).
 */
function checkIndexes(t: Test, log: RecordedEvent[], label: string) {
  const m = replay(log);
  const ids = [...new Set(log.map((e) => e.streamName.slice('complaint.'.length)))];
  const members = (key: string) => [...(m.zsets.get(key)?.keys() ?? [])].sort();
  const where = (match: (s: Record<string, string>) => boolean) =>
    ids.filter((id) => match(m.summary(id))).sort();
  for (const status of COMPLAINT_STATUSES)
    t.same(
      members(keys.key('status', status)),
      where((s) => statusOf(s) === status),
      `${label}: status:${status}`,
    );
  t.same(
    members(keys.key('open')),
    where((s) => (OPEN_STATUSES as readonly string[]).includes(statusOf(s))),
    `${label}: open`,
  );
  for (const severity of SEVERITIES)
    t.same(
      members(keys.key('severity', severity)),
      where((s) => s.severity === severity),
      `${label}: ${severity}`,
    );
  for (const agency of ['a0', 'a1'])
    t.same(
      members(keys.key('agency', agency)),
      where((s) => s.agencyId === agency),
      `${label}: agency ${agency}`,
    );
  for (const country of ['SA', 'QA'])
    t.same(
      members(keys.key('country', country)),
      where((s) => s.country === country),
      `${label}: ${country}`,
    );
  const isOpen = (s: Record<string, string>) => (OPEN_STATUSES as readonly string[]).includes(statusOf(s));
  for (const agency of ['a0', 'a1'])
    t.same(
      members(keys.key('open-agency', agency)),
      where((s) => s.agencyId === agency && isOpen(s)),
      `${label}: open of agency ${agency}`,
    );
  for (const country of ['SA', 'QA'])
    t.same(
      members(keys.key('open-country', country)),
      where((s) => s.country === country && isOpen(s)),
      `${label}: open in ${country}`,
    );
  const misplaced = [...m.zsets.entries()]
    .filter(([key]) => key !== keys.key('due'))
    .flatMap(([key, z]) =>
      [...z.entries()]
        .filter(([id, score]) => {
          const s = m.summary(id);
          return score !== queueScore(s.severity as 'high', s.respondBy ?? '');
        })
        .map(([id]) => `${key} ${id}`),
    );
  t.same(misplaced, [], `${label}: every index entry at its complaint's queue position`);
}

t.test('indexes match the summaries after any legal sequence of events', async (t) => {
  for (const seed of [1, 7, 42, 1234, 99_999]) checkIndexes(t, walk(seed, 6, 40), `seed ${seed}`);
});

t.test('the moves the queue has to get right', async (t) => {
  const id = 'c0';
  const base = events.lodged(id, 1);
  const cases: Array<[string, RecordedEvent[]]> = [
    ['triage of a lodged complaint', [base, events.triaged(id, 0)]],
    ['triage of an assigned complaint keeps it assigned', [base, events.assigned(id), events.triaged(id, 2)]],
    [
      'assignment of a referred complaint keeps it referred',
      [base, events.referred(id), events.assigned(id)],
    ],
    [
      'triage of a reopened complaint keeps it reopened',
      [base, events.resolved(id), events.reopened(id, 0), events.triaged(id, 1)],
    ],
    [
      'assignment after reopening',
      [base, events.assigned(id), events.resolved(id), events.reopened(id, 2), events.assigned(id)],
    ],
    ['closed', [base, events.triaged(id, 0), events.resolved(id), events.closed(id)]],
    ['withdrawn', [base, events.withdrawn(id)]],
  ];
  for (const [label, log] of cases) checkIndexes(t, log, label);
});
