import t from 'tap';
import { ageBandOf, plausibleBirthDate } from './demographics.ts';

/** Age bands of the national indicators, on the day of opening; and which days are not yet anywhere. */
const at = '2026-03-02T08:00:00.000Z';

t.test('the band of each age, the birthday counted on its day', async (t) => {
  for (const [dateOfBirth, band] of [
    ['2008-03-03', 'under-18'],
    ['2008-03-02', '18-24'],
    ['2001-03-03', '18-24'],
    ['2001-03-02', '25-34'],
    ['1991-03-02', '35-44'],
    ['1981-03-02', '45-54'],
    ['1971-03-02', '55-64'],
    ['1961-03-03', '55-64'],
    ['1961-03-02', '65-plus'],
  ] as const)
    t.equal(ageBandOf(dateOfBirth, at), band, `born ${dateOfBirth}: ${band}`);
});

t.test('a plausible date of birth: not after today, not more than 100 years ago', async (t) => {
  t.ok(plausibleBirthDate('2026-03-02', at), 'today');
  t.notOk(plausibleBirthDate('2026-03-03', at), 'tomorrow');
  t.ok(plausibleBirthDate('1926-03-02', at), '100 years ago today');
  t.notOk(plausibleBirthDate('1926-03-01', at), 'a day more');
});
