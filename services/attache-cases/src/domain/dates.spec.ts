import t from 'tap';
import { isFutureDay, latestDayAt } from './dates.ts';

t.test('a day is in the future only when no place on Earth has reached it', async (t) => {
  t.equal(latestDayAt('2026-03-02T09:59:59.000Z'), '2026-03-02', 'UTC+14 is still on the 2nd');
  t.equal(latestDayAt('2026-03-02T10:00:00.000Z'), '2026-03-03', 'UTC+14 reached the 3rd');
  t.notOk(isFutureDay('2026-03-03', '2026-03-02T10:00:00.000Z'));
  t.ok(isFutureDay('2026-03-03', '2026-03-02T09:59:59.000Z'));
  t.ok(isFutureDay('2026-03-04', '2026-03-02T23:59:59.000Z'));
});
