import t from 'tap';
import { missionDay } from './missionDay.ts';

/** A change sent without a date happened today where the attaché is. */
t.test('today at the mission', async (t) => {
  const today = missionDay({ SA: 'Asia/Riyadh', GB: 'Europe/London', US: 'America/New_York' });
  const lateUtc = new Date('2026-03-01T22:30:00Z');
  t.equal(today('SA', lateUtc), '2026-03-02', 'Riyadh is already on the 2nd');
  t.equal(today('GB', lateUtc), '2026-03-01');
  t.equal(today('US', new Date('2026-03-02T03:00:00Z')), '2026-03-01', 'New York is still on the 1st');
  t.equal(today('ZZ', lateUtc), '2026-03-01', 'a mission without a time zone counts in UTC');
});
