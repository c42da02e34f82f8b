import type { ProjectionKeys, RecordedEvent } from '@kazi/eventsourcing';
import t from 'tap';
import {
  closed,
  day,
  detailsRecorded,
  erased,
  opened,
  personalValues,
  sealedText,
  stageReached,
  updated,
} from '../domain/case/specFixtures.ts';
import type { CaseEvent } from '../domain/index.ts';
import { caseFeedProjection, timeMemberOf } from './caseFeed.ts';

/** The feed's writes per event: fixed in number, and never anything that identifies the worker. */
const keys: ProjectionKeys = {
  generation: 1,
  prefix: 'ns:rm:feed:g1',
  key: (...p) => ['ns:rm:feed:g1', ...p].join(':'),
};
const recorded = (event: CaseEvent, position: number, streamVersion: number): RecordedEvent => ({
  id: `e-${position}`,
  type: event.type,
  data: event.data,
  streamName: 'case.case-1',
  streamVersion,
  position,
  index: 0,
  metadata: { commandId: 'c', actor: 'a', correlationId: 'x', time: event.data.at },
});

const history: CaseEvent[] = [
  opened(),
  updated(day(1), {
    kind: 'shelter-admission',
    date: day(1).slice(0, 10),
    note: sealedText('at the shelter'),
  }),
  stageReached(day(2), { stage: 'planned' }, { n: 2 }),
  detailsRecorded(day(3), {}, { n: 3 }),
  closed(day(4), 'resolved', { n: 4, note: 'paid' }),
  erased(day(5)),
];

t.test('a fixed number of writes per event, and no personal data in any', async (t) => {
  history.forEach((event, i) => {
    const commands = caseFeedProjection.apply(recorded(event, 10 * (i + 1), i + 1), keys);
    t.ok(commands.length > 0 && commands.length <= 14, `${event.type}: ${commands.length} writes`);
    const written = JSON.stringify(commands);
    for (const value of personalValues)
      t.notMatch(written, value, `${event.type}: no "${value.slice(0, 20)}…"`);
    t.notMatch(written, 'Al-Noor', `${event.type}: no employer name typed in`);
    t.notMatch(written, 'pd2.', `${event.type}: not even sealed values`);
  });
});

t.test('every change moves the case to its position in each index, the time entry replaced', async (t) => {
  const commands = caseFeedProjection.apply(recorded(history[4] as CaseEvent, 50, 5), keys);
  t.same(commands[0], ['ZREMFIELD', 'ns:rm:feed:g1:times', 'ns:rm:feed:g1:case:case-1', 'timeMember']);
  t.match(commands, [
    ['ZREMFIELD'],
    ['HSET', 'ns:rm:feed:g1:case:case-1', 'status', 'closed', 'outcome', 'resolved'],
    ['ZREM', 'ns:rm:feed:g1:feed:status:open', 'case-1'],
    ['ZADD', 'ns:rm:feed:g1:feed:all', 50, 'case-1'],
    ['ZADDKEYFIELD', 'ns:rm:feed:g1:feed:mission:', 'ns:rm:feed:g1:case:case-1', 'country', 50, 'case-1'],
    ['ZADDKEYFIELD', 'ns:rm:feed:g1:feed:status:', 'ns:rm:feed:g1:case:case-1', 'status', 50, 'case-1'],
    ['ZADDKEYFIELD', 'ns:rm:feed:g1:feed:complaint:'],
    ['ZADDKEYFIELD', 'ns:rm:feed:g1:feed:employer:'],
    ['ZADD', 'ns:rm:feed:g1:times', Date.parse(day(4)), timeMemberOf(50)],
  ]);
  t.ok(timeMemberOf(9) < timeMemberOf(10), 'ties in time are ordered by position');
  t.same(
    caseFeedProjection.apply(
      { ...recorded(history[0] as CaseEvent, 1, 1), streamName: 'employer.e-1' },
      keys,
    ),
    [],
  );
});
