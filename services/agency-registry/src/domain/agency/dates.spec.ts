import t from 'tap';
import { addMonths, dateOf, hasLapsed, validUntilFor } from './dates.ts';

/** Licence dates: valid through `validUntil`, lapsing at the start of the next day (UTC). */
t.test('a licence runs through the day before the same date n months on', async (t) => {
  t.equal(validUntilFor('2026-03-10', 12), '2027-03-09');
  t.equal(validUntilFor('2026-03-10', 24), '2028-03-09');
  t.equal(validUntilFor('2026-01-01', 12), '2026-12-31');
  t.equal(validUntilFor('2028-02-29', 12), '2029-02-28', 'from a leap day: through the last day of February');
  t.equal(validUntilFor('2026-01-30', 1), '2026-02-28', 'no 30 Feb: through the last day of February');
  t.equal(validUntilFor('2026-01-28', 1), '2026-02-27');
});

t.test('month ends clamp, leap days included', async (t) => {
  t.equal(addMonths('2026-01-31', 1), '2026-02-28');
  t.equal(addMonths('2028-01-31', 1), '2028-02-29');
  t.equal(addMonths('2028-02-29', 12), '2029-02-28');
  t.equal(addMonths('2026-11-30', 3), '2027-02-28');
});

t.test('today is the UTC date of the command time', async (t) => {
  t.equal(dateOf('2026-03-10T23:59:59.000Z'), '2026-03-10');
  t.equal(dateOf('2026-03-11T01:00:00.000+03:00'), '2026-03-10');
  t.equal(dateOf('2026-03-10'), '2026-03-10');
});

t.test('a licence lapses at midnight UTC after its last valid day', async (t) => {
  t.notOk(hasLapsed('2027-03-09', '2027-03-09T23:59:59.999Z'));
  t.ok(hasLapsed('2027-03-09', '2027-03-10T00:00:00.000Z'));
  t.notOk(
    hasLapsed('2027-03-09', '2027-03-10T02:59:59.000+03:00'),
    'Nairobi time is compared as the instant it is',
  );
  t.ok(hasLapsed('2027-03-09', '2027-03-10T03:00:00.000+03:00'));
});
