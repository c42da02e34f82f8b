import { ageBandOf, plausibleBirthDate } from '@kazi/contracts';
import t from 'tap';
import {
  assessSeverity,
  indicatorsOf,
  responseDeadline,
  type SeverityRules,
  showsTraffickingSigns,
} from './severity.ts';
import { rules } from './specFixtures.ts';
import { COMPLAINT_CATEGORIES, type ComplaintCategory, type ForcedLabourIndicator } from './vocabulary.ts';

/** Severity from the ILO forced-labour indicators, the response deadline per severity, the age band. */

const severityOf = (categories: ComplaintCategory[], ruleSet: SeverityRules = rules) =>
  assessSeverity({ categories, indicators: indicatorsOf(categories) }, ruleSet);

t.test('each category points to its forced-labour indicators', async (t) => {
  t.same(indicatorsOf(['withheld-wages']), ['withholding-of-wages']);
  t.same(indicatorsOf(['document-confiscation']), ['retention-of-identity-documents']);
  t.same(indicatorsOf(['contract-substitution']), ['deception']);
  t.same(indicatorsOf(['unlicensed-recruiter']), ['deception']);
  t.same(indicatorsOf(['recruitment-fees']), ['debt-bondage']);
  t.same(indicatorsOf(['physical-abuse']), ['physical-and-sexual-violence']);
  t.same(indicatorsOf(['sexual-abuse']), ['physical-and-sexual-violence']);
  t.same(indicatorsOf(['confinement']), ['isolation', 'restriction-of-movement']);
  t.same(indicatorsOf(['excessive-hours']), ['excessive-overtime']);
  t.same(indicatorsOf(['denied-medical-care']), ['abusive-working-and-living-conditions']);
  t.same(indicatorsOf(['poor-living-conditions']), ['abusive-working-and-living-conditions']);
  t.same(indicatorsOf(['stranded']), ['abuse-of-vulnerability']);
  t.same(indicatorsOf(['death']), [], 'a death is no indicator, but critical on its own');
  t.same(indicatorsOf(['other']), []);
  t.same(indicatorsOf([]), []);
});

t.test('indicators come sorted and each once', async (t) => {
  t.same(indicatorsOf(['sexual-abuse', 'physical-abuse', 'withheld-wages']), [
    'physical-and-sexual-violence',
    'withholding-of-wages',
  ]);
  t.same(indicatorsOf(['denied-medical-care', 'poor-living-conditions', 'contract-substitution']), [
    'abusive-working-and-living-conditions',
    'deception',
  ]);
  const all = indicatorsOf([...COMPLAINT_CATEGORIES]);
  t.same(all, [...all].sort(), 'sorted');
  t.equal(new Set(all).size, all.length, 'no duplicates');
});

t.test('violence, confinement and a death are critical on their own', async (t) => {
  for (const category of ['physical-abuse', 'sexual-abuse', 'confinement', 'death'] as const) {
    t.equal(severityOf([category]), 'critical', category);
    t.equal(severityOf(['other', category]), 'critical', `${category} among others`);
    t.equal(
      severityOf([category], { highCategories: [] }),
      'critical',
      `${category}, whatever the configuration`,
    );
  }
  t.equal(
    severityOf(['document-confiscation', 'confinement']),
    'critical',
    'document confiscation with confinement',
  );
});

t.test('trafficking signs are critical: deception or debt bondage with coercion', async (t) => {
  t.equal(
    severityOf(['contract-substitution', 'document-confiscation']),
    'critical',
    'a substituted contract (deception) and a confiscated passport',
  );
  t.equal(
    severityOf(['recruitment-fees', 'document-confiscation']),
    'critical',
    'recruitment fees (debt bondage) and a confiscated passport',
  );
  t.equal(
    severityOf(['unlicensed-recruiter', 'document-confiscation']),
    'critical',
    'an unlicensed recruiter (deception) and a confiscated passport',
  );
  t.equal(
    severityOf(['contract-substitution', 'recruitment-fees']),
    'high',
    'recruitment abuse without coercion',
  );
  t.equal(
    severityOf(['document-confiscation', 'withheld-wages']),
    'high',
    'coercion without deception or debt',
  );
});

t.test('showsTraffickingSigns: a recruitment indicator together with a coercion indicator', async (t) => {
  const recruitment: ForcedLabourIndicator[] = ['deception', 'debt-bondage'];
  const coercion: ForcedLabourIndicator[] = [
    'retention-of-identity-documents',
    'isolation',
    'intimidation-and-threats',
  ];
  for (const r of recruitment) {
    for (const c of coercion) t.ok(showsTraffickingSigns([r, c]), `${r} with ${c}`);
    t.notOk(showsTraffickingSigns([r]), `${r} alone`);
    t.notOk(
      showsTraffickingSigns([r, 'withholding-of-wages', 'excessive-overtime']),
      `${r} without coercion`,
    );
  }
  for (const c of coercion) t.notOk(showsTraffickingSigns([c]), `${c} alone`);
  t.notOk(showsTraffickingSigns([]), 'no indicators');
});

t.test('critical indicators an officer names make a complaint critical', async (t) => {
  const assess = (indicators: ForcedLabourIndicator[], categories: ComplaintCategory[] = ['other']) =>
    assessSeverity({ categories, indicators }, rules);
  t.equal(assess(['physical-and-sexual-violence']), 'critical');
  t.equal(assess(['restriction-of-movement']), 'critical');
  t.equal(assess(['deception', 'intimidation-and-threats']), 'critical', 'trafficking signs');
  t.equal(assess(['debt-bondage', 'isolation']), 'critical', 'trafficking signs');
  t.equal(assess(['isolation']), 'normal', 'isolation alone is not critical');
  t.equal(
    assess(['intimidation-and-threats'], ['withheld-wages']),
    'high',
    'threats alone: the category decides',
  );
});

t.test('an officer suspecting trafficking makes it critical', async (t) => {
  t.equal(
    assessSeverity({ categories: ['other'], indicators: [], traffickingSuspected: true }, rules),
    'critical',
  );
  t.equal(
    assessSeverity({ categories: ['other'], indicators: [], traffickingSuspected: false }, rules),
    'normal',
  );
});

t.test('configured categories are high; the rest normal', async (t) => {
  for (const category of rules.highCategories) t.equal(severityOf([category]), 'high', category);
  for (const category of [
    'excessive-hours',
    'poor-living-conditions',
    'unlicensed-recruiter',
    'other',
  ] as const) {
    t.equal(severityOf([category]), 'normal', category);
  }
  t.equal(severityOf(['other', 'stranded']), 'high', 'one high category is enough');
  t.equal(
    severityOf(['withheld-wages'], { highCategories: [] }),
    'normal',
    'the configuration decides what is high',
  );
  t.equal(severityOf(['excessive-hours'], { highCategories: ['excessive-hours'] }), 'high');
});

t.test('the response deadline is the configured hours after its start', async (t) => {
  const from = '2026-03-02T08:00:00.000Z';
  t.equal(responseDeadline(from, 'critical', rules.responseHours), '2026-03-03T08:00:00.000Z', '24 hours');
  t.equal(responseDeadline(from, 'high', rules.responseHours), '2026-03-05T08:00:00.000Z', '72 hours');
  t.equal(responseDeadline(from, 'normal', rules.responseHours), '2026-03-09T08:00:00.000Z', '168 hours');
  t.equal(
    responseDeadline(from, 'critical', { critical: 6, high: 48, normal: 120 }),
    '2026-03-02T14:00:00.000Z',
    'as configured',
  );
  t.equal(
    responseDeadline('2026-02-28T22:30:00.000+03:00', 'critical', rules.responseHours),
    '2026-03-01T19:30:00.000Z',
    'a Nairobi time is the instant it is, and the deadline is given in UTC',
  );
  t.equal(
    responseDeadline('2028-02-28T12:00:00.000Z', 'critical', rules.responseHours),
    '2028-02-29T12:00:00.000Z',
    'across a leap day',
  );
});

t.test('age band from a date of birth on the lodging date', async (t) => {
  t.test('birthdays: a year is completed on the birthday, not before', async (t) => {
    t.equal(
      ageBandOf('2008-05-11', '2026-05-10T23:59:59.999Z'),
      'under-18',
      'the day before the 18th birthday',
    );
    t.equal(ageBandOf('2008-05-11', '2026-05-11T00:00:00.000Z'), '18-24', 'on the 18th birthday');
    t.equal(ageBandOf('2008-05-11', '2026-04-30T12:00:00.000Z'), 'under-18', 'an earlier month of the year');
    t.equal(ageBandOf('2008-05-11', '2026-06-01T12:00:00.000Z'), '18-24', 'a later month of the year');
  });

  t.test('every band boundary', async (t) => {
    const at = '2026-03-02T08:00:00.000Z';
    const cases: Array<[string, string, string]> = [
      ['2026-03-02', 'under-18', 'a newborn'],
      ['2008-03-03', 'under-18', '17, the day before 18'],
      ['2008-03-02', '18-24', '18'],
      ['2001-03-03', '18-24', '24'],
      ['2001-03-02', '25-34', '25'],
      ['1991-03-03', '25-34', '34'],
      ['1991-03-02', '35-44', '35'],
      ['1981-03-03', '35-44', '44'],
      ['1981-03-02', '45-54', '45'],
      ['1971-03-03', '45-54', '54'],
      ['1971-03-02', '55-64', '55'],
      ['1961-03-03', '55-64', '64'],
      ['1961-03-02', '65-plus', '65'],
      ['1930-01-01', '65-plus', '96'],
    ];
    for (const [dateOfBirth, band, age] of cases)
      t.equal(ageBandOf(dateOfBirth, at), band, `${age}: ${band}`);
  });

  t.test('born on 29 February', async (t) => {
    t.equal(ageBandOf('2008-02-29', '2026-02-28T12:00:00.000Z'), 'under-18', 'not yet 18 on 28 February');
    t.equal(ageBandOf('2008-02-29', '2026-03-01T00:00:00.000Z'), '18-24', '18 on 1 March of a common year');
    t.equal(ageBandOf('2008-02-29', '2028-02-29T00:00:00.000Z'), '18-24', 'on the birthday in a leap year');
    t.equal(ageBandOf('2012-02-29', '2030-02-28T23:00:00.000Z'), 'under-18', 'late on 28 February, still 17');
  });

  t.test(
    'the lodging date is the UTC calendar date of the instant (the project convention, see dates.ts)',
    async (t) => {
      // 01:00 in Nairobi on the 18th birthday is still the day before in UTC.
      t.equal(ageBandOf('2008-05-11', '2026-05-11T01:00:00.000+03:00'), 'under-18');
      t.equal(ageBandOf('2008-05-11', '2026-05-11T03:00:00.000+03:00'), '18-24');
    },
  );
});

t.test(
  'a plausible date of birth: not after the lodging date, not more than 100 years before it',
  async (t) => {
    const at = '2026-03-02T08:00:00.000Z';
    t.ok(plausibleBirthDate('2026-03-02', at), 'born today');
    t.notOk(plausibleBirthDate('2026-03-03', at), 'born tomorrow');
    t.ok(plausibleBirthDate('1926-03-02', at), '100 years ago to the day');
    t.notOk(plausibleBirthDate('1926-03-01', at), 'a day more than 100 years ago');
    t.ok(plausibleBirthDate('1998-06-15', at));
    t.ok(
      plausibleBirthDate('1928-02-29', '2028-02-29T10:00:00.000Z'),
      'a leap day, 100 years before a leap day',
    );
  },
);
