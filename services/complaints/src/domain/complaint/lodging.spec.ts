import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { complaintEventDataSchemas, ComplaintEventType as E } from './events.ts';
import { complaintDecider } from './index.ts';
import { lodgingSchema, personalDataOf } from './lodging.ts';
import {
  agencyId,
  agencyName,
  hoursAfter,
  inStatus,
  lodge,
  lodged,
  lodgedAt,
  lodgedEvent,
  lodgeInput,
  lodging,
  lodgingBody,
  officer,
  personalData,
  personalValues,
  sealed,
  subjectId,
} from './specFixtures.ts';

/** Lodging a complaint: severity and deadline, the age band, the agency's flags, and no personal data. */
const spec = deciderSpec(complaintDecider);

t.test('a hotline call lodges the complaint with the facts statistics need', async (t) => {
  spec(t).given([]).when(lodge()).then([lodgedEvent]);
});

t.test('an officer lodging a walk-in complaint', async (t) => {
  spec(t)
    .given([])
    .when(lodge({ channel: 'nea-officer', actor: officer }))
    .then([lodged({ channel: 'nea-officer', lodgedBy: officer })]);
});

t.test('the lodged event is valid against its own schema', async (t) => {
  const [event] = complaintDecider.decide(lodge(), complaintDecider.initialState());
  const parsed = complaintEventDataSchemas[E.Lodged].safeParse(event?.data);
  t.ok(parsed.success, JSON.stringify(parsed.error?.issues ?? []));
});

t.test('severity from the categories, and the response deadline of that severity', async (t) => {
  t.test('violence is critical: respond within 24 hours', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { categories: ['physical-abuse', 'withheld-wages'] } }))
      .then([
        lodged({
          categories: ['physical-abuse', 'withheld-wages'],
          indicators: ['physical-and-sexual-violence', 'withholding-of-wages'],
          severity: 'critical',
          respondBy: '2026-03-03T08:00:00.000Z',
        }),
      ]);
  });

  t.test('confinement, a death, sexual abuse are critical', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { categories: ['confinement'] } }))
      .then([
        lodged({
          categories: ['confinement'],
          indicators: ['isolation', 'restriction-of-movement'],
          severity: 'critical',
          respondBy: hoursAfter(lodgedAt, 24),
        }),
      ]);
    spec(t)
      .given([])
      .when(lodge({ input: { categories: ['death'] } }))
      .then([
        lodged({
          categories: ['death'],
          indicators: [],
          severity: 'critical',
          respondBy: hoursAfter(lodgedAt, 24),
        }),
      ]);
    spec(t)
      .given([])
      .when(lodge({ input: { categories: ['sexual-abuse'] } }))
      .then([
        lodged({
          categories: ['sexual-abuse'],
          indicators: ['physical-and-sexual-violence'],
          severity: 'critical',
          respondBy: hoursAfter(lodgedAt, 24),
        }),
      ]);
  });

  t.test('document confiscation with confinement is critical', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { categories: ['document-confiscation', 'confinement'] } }))
      .then([
        lodged({
          categories: ['document-confiscation', 'confinement'],
          indicators: ['isolation', 'restriction-of-movement', 'retention-of-identity-documents'],
          severity: 'critical',
          respondBy: hoursAfter(lodgedAt, 24),
        }),
      ]);
  });

  t.test('trafficking signs are critical: a substituted contract and a kept passport', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { categories: ['contract-substitution', 'document-confiscation'] } }))
      .then([
        lodged({
          categories: ['contract-substitution', 'document-confiscation'],
          indicators: ['deception', 'retention-of-identity-documents'],
          severity: 'critical',
          respondBy: hoursAfter(lodgedAt, 24),
        }),
      ]);
  });

  t.test('trafficking signs: recruitment fees (debt bondage) and a kept passport', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { categories: ['recruitment-fees', 'document-confiscation'] } }))
      .then([
        lodged({
          categories: ['recruitment-fees', 'document-confiscation'],
          indicators: ['debt-bondage', 'retention-of-identity-documents'],
          severity: 'critical',
          respondBy: hoursAfter(lodgedAt, 24),
        }),
      ]);
  });

  t.test('a configured category is high: respond within 72 hours', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { categories: ['stranded'] } }))
      .then([
        lodged({
          categories: ['stranded'],
          indicators: ['abuse-of-vulnerability'],
          severity: 'high',
          respondBy: '2026-03-05T08:00:00.000Z',
        }),
      ]);
  });

  t.test('the rest is normal: respond within 168 hours', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { categories: ['excessive-hours', 'poor-living-conditions'] } }))
      .then([
        lodged({
          categories: ['excessive-hours', 'poor-living-conditions'],
          indicators: ['abusive-working-and-living-conditions', 'excessive-overtime'],
          severity: 'normal',
          respondBy: '2026-03-09T08:00:00.000Z',
        }),
      ]);
  });

  t.test('both the high categories and the hours are configuration', async (t) => {
    const configured = {
      highCategories: ['excessive-hours' as const],
      responseHours: { critical: 6, high: 36, normal: 96 },
    };
    spec(t)
      .given([])
      .when(lodge({ rules: configured, input: { categories: ['withheld-wages'] } }))
      .then([
        lodged({
          categories: ['withheld-wages'],
          indicators: ['withholding-of-wages'],
          severity: 'normal',
          respondBy: hoursAfter(lodgedAt, 96),
        }),
      ]);
    spec(t)
      .given([])
      .when(lodge({ rules: configured, input: { categories: ['excessive-hours'] } }))
      .then([
        lodged({
          categories: ['excessive-hours'],
          indicators: ['excessive-overtime'],
          severity: 'high',
          respondBy: hoursAfter(lodgedAt, 36),
        }),
      ]);
    spec(t)
      .given([])
      .when(lodge({ rules: configured, input: { categories: ['death'] } }))
      .then([
        lodged({
          categories: ['death'],
          indicators: [],
          severity: 'critical',
          respondBy: hoursAfter(lodgedAt, 6),
        }),
      ]);
  });

  t.test('the deadline runs from the lodging time', async (t) => {
    const now = '2026-12-31T22:15:00.000Z';
    spec(t)
      .given([])
      .when(lodge({ now }))
      .then([lodged({ at: now, respondBy: '2027-01-03T22:15:00.000Z' })]);
  });
});

t.test('the age band', async (t) => {
  const withBirth = (dateOfBirth: string, now = lodgedAt) =>
    lodge({ now, input: { complainant: { sex: 'female', dateOfBirth } } });
  const complainant = (ageBand: string) => ({
    sex: 'female' as const,
    ageBand: ageBand as 'under-18',
    subjectId,
    sealed,
  });

  t.test('a date of birth is reduced to its band on the lodging date', async (t) => {
    spec(t)
      .given([])
      .when(withBirth('2008-03-03'))
      .then([lodged({ complainant: complainant('under-18') })], 'the day before the 18th birthday: a child');
    spec(t)
      .given([])
      .when(withBirth('2008-03-02'))
      .then([lodged({ complainant: complainant('18-24') })], 'on the 18th birthday: an adult');
    spec(t)
      .given([])
      .when(withBirth('2001-03-02'))
      .then([lodged({ complainant: complainant('25-34') })], 'on the 25th birthday');
    spec(t)
      .given([])
      .when(withBirth('1961-03-02'))
      .then([lodged({ complainant: complainant('65-plus') })], 'on the 65th birthday');
  });

  t.test('born on 29 February, lodged in a common year', async (t) => {
    const feb28 = '2026-02-28T10:00:00.000Z';
    const mar1 = '2026-03-01T10:00:00.000Z';
    spec(t)
      .given([])
      .when(withBirth('2008-02-29', feb28))
      .then(
        [lodged({ at: feb28, respondBy: hoursAfter(feb28, 72), complainant: complainant('under-18') })],
        '17 on 28 February',
      );
    spec(t)
      .given([])
      .when(withBirth('2008-02-29', mar1))
      .then(
        [lodged({ at: mar1, respondBy: hoursAfter(mar1, 72), complainant: complainant('18-24') })],
        '18 on 1 March',
      );
  });

  t.test('a given age band is kept', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { complainant: { sex: 'male', ageBand: '35-44' } } }))
      .then([lodged({ complainant: { sex: 'male', ageBand: '35-44', subjectId, sealed } })]);
  });

  t.test('a date of birth, when given, decides over a band', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { complainant: { sex: 'female', dateOfBirth: '1998-06-15', ageBand: '45-54' } } }))
      .then([lodged()]);
  });

  t.test('an implausible date of birth is refused: a typo would count a worker as a child', async (t) => {
    const implausible = {
      type: 'implausible-date-of-birth',
      kind: 'invalid' as const,
      extra: {
        errors: [
          { path: 'complainant.dateOfBirth', message: 'must be a past date within the last 100 years' },
        ],
      },
    };
    spec(t).given([]).when(withBirth('2026-03-03')).thenThrows(implausible, 'tomorrow');
    spec(t)
      .given([])
      .when(withBirth('2062-03-02'))
      .thenThrows(implausible, 'a year typed wrong, in the future');
    spec(t).given([]).when(withBirth('1926-03-01')).thenThrows(implausible, 'more than 100 years ago');
    spec(t)
      .given([])
      .when(withBirth('1926-03-02'))
      .then([lodged({ complainant: complainant('65-plus') })], '100 years ago to the day');
    spec(t)
      .given([])
      .when(withBirth('2026-03-02'))
      .then([lodged({ complainant: complainant('under-18') })], 'born today');
  });

  t.test('neither a date of birth nor a band: refused', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { complainant: { sex: 'unspecified' } } }))
      .thenThrows({ type: 'age-required', kind: 'invalid' });
  });
});

t.test('the agency', async (t) => {
  t.test('an agency id the registry does not know is refused (422)', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { agencyId: 'agency-404' }, agency: { known: false } }))
      .thenThrows({ type: 'unknown-agency', kind: 'invalid', extra: { agencyId: 'agency-404' } });
    spec(t)
      .given([])
      .when(lodge({ input: { agencyId: 'agency-404' }, agency: undefined }))
      .thenThrows({ type: 'unknown-agency', kind: 'invalid' }, 'nor when the view had no answer for it');
  });

  t.test('a licensed agency: no flag, its status at lodging recorded', async (t) => {
    spec(t).given([]).when(lodge()).then([lodged()]);
  });

  t.test('a known agency that is not licensed is flagged with its status', async (t) => {
    for (const status of ['suspended', 'revoked', 'expired', 'applied', 'under-vetting', 'rejected']) {
      spec(t)
        .given([])
        .when(lodge({ agency: { known: true, status, name: agencyName } }))
        .then(
          [
            lodged({
              agency: { agencyId, agencyName, statusAtLodging: status, candidates: [] },
              flags: [{ kind: 'agency-not-licensed', agencyStatus: status }],
            }),
          ],
          `a ${status} agency`,
        );
    }
  });

  t.test('a known agency whose status the view lacks is flagged as of unknown status', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ agency: { known: true } }))
      .then([
        lodged({
          agency: { agencyId, candidates: [] },
          flags: [{ kind: 'agency-not-licensed', agencyStatus: 'unknown' }],
        }),
      ]);
  });

  t.test("the caller's name of the agency is kept over the registry's", async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { agencyName: 'Amani Recruiters' } }))
      .then([
        lodged({
          agency: { agencyId, agencyName: 'Amani Recruiters', statusAtLodging: 'licensed', candidates: [] },
        }),
      ]);
  });

  t.test('no agency id: lodged, flagged as not identified, with the candidates', async (t) => {
    const candidates = [
      { agencyId: 'agency-1', name: agencyName, status: 'licensed', score: 0.82 },
      { agencyId: 'agency-7', name: 'Amani Gulf Manpower', status: 'revoked', score: 0.61 },
    ];
    spec(t)
      .given([])
      .when(lodge({ input: { agencyId: undefined, agencyName: 'Amani' }, agency: undefined, candidates }))
      .then([
        lodged({
          agency: { agencyName: 'Amani', candidates },
          flags: [{ kind: 'agency-not-identified' }],
        }),
      ]);
  });

  t.test('no agency at all (the caller does not know it): still lodged, flagged', async (t) => {
    spec(t)
      .given([])
      .when(lodge({ input: { agencyId: undefined }, agency: undefined }))
      .then([lodged({ agency: { candidates: [] }, flags: [{ kind: 'agency-not-identified' }] })]);
  });
});

t.test('optional facts are left out when not given', async (t) => {
  const { employer: _employer, ...withoutEmployer } = lodged({ location: { country: 'QA' } }).data;
  spec(t)
    .given([])
    .when(lodge({ input: { location: { country: 'QA' }, employer: undefined } }))
    .then([{ type: E.Lodged, data: withoutEmployer }], 'no city, no employer');
});

t.test('a complaint is lodged once', async (t) => {
  spec(t).given([lodgedEvent]).when(lodge()).thenThrows({ type: 'complaint-exists', kind: 'conflict' });
  for (const [status, given] of Object.entries(inStatus)) {
    spec(t)
      .given(given)
      .when(lodge())
      .thenThrows({ type: 'complaint-exists', kind: 'conflict' }, `not even when ${status}`);
  }
});

t.test('no personal data in the clear: only the sealed string and the subject id', async (t) => {
  t.test('the default lodging', async (t) => {
    const events = spec(t).given([]).when(lodge()).then([lodgedEvent]);
    const json = JSON.stringify(events);
    for (const value of personalValues)
      t.notOk(json.includes(value), `no "${value.slice(0, 30)}" in the event`);
    t.notOk(json.includes(personalData.fullName.split(' ')[0] as string), 'not even the first name');
    t.notOk(json.includes('722000111'), 'nor the phone number without its country code');
    t.ok(json.includes(sealed), 'the sealed personal data');
    t.ok(json.includes(subjectId), 'the key id that erasure destroys');
  });

  t.test('even when the whole request reaches the decider by mistake', async (t) => {
    // The command's type allows the rest of a LodgingInput (it is structurally wider); the decider copies
    // facts only.
    const input = { ...lodging, location: lodgeInput.location, employer: lodgeInput.employer };
    const events = complaintDecider.decide(lodge({ input }), complaintDecider.initialState());
    const json = JSON.stringify(events);
    for (const value of personalValues)
      t.notOk(json.includes(value), `no "${value.slice(0, 30)}" in the event`);
    t.same(events, [lodgedEvent], 'the same event as from the reduced input');
  });

  t.test('a city or an employer name in the clear is refused, never stored', async (t) => {
    const clearCity = { ...lodgeInput, location: { country: 'SA', city: 'Riyadh' } } as never;
    t.throws(() => complaintDecider.decide(lodge({ input: clearCity }), complaintDecider.initialState()));
    const clearEmployer = { ...lodgeInput, employer: { name: 'Al-Noor Household Services', country: 'SA' } };
    t.throws(() =>
      complaintDecider.decide(lodge({ input: clearEmployer as never }), complaintDecider.initialState()),
    );
    const noCity = { ...lodgeInput, location: { country: 'SA' } };
    t.equal(complaintDecider.decide(lodge({ input: noCity }), complaintDecider.initialState()).length, 1);
  });

  t.test('the fixture is a real request: the schema accepts it', async (t) => {
    t.ok(lodgingSchema.safeParse(lodgingBody).success);
  });
});

t.test('the request: a date of birth or an age band, and what is sealed', async (t) => {
  const {
    dateOfBirth: _dateOfBirth,
    nationalId: _nationalId,
    passportNumber: _passport,
    ...bare
  } = lodgingBody.complainant;
  const withBand = lodgingSchema.safeParse({ ...lodgingBody, complainant: { ...bare, ageBand: '25-34' } });
  t.ok(withBand.success, 'an age band instead of a date of birth');
  const neither = lodgingSchema.safeParse({ ...lodgingBody, complainant: bare });
  t.notOk(neither.success, 'neither is refused');
  t.same(
    neither.error?.issues.map((i) => [i.path.join('.'), i.message]),
    [['complainant.ageBand', 'give a date of birth or an age band']],
  );
  t.same(
    personalData,
    {
      fullName: 'Amina Wanjiku Mwangi',
      phone: '+254722000111',
      dateOfBirth: '1998-06-15',
      nationalId: '23456789',
      passportNumber: 'AK7654321',
      narrative: lodgingBody.narrative,
    },
    'everything that identifies the complainant is sealed, with the narrative',
  );
  t.same(
    withBand.success ? personalDataOf(withBand.data) : undefined,
    { fullName: 'Amina Wanjiku Mwangi', phone: '+254722000111', narrative: lodgingBody.narrative },
    'only what was given',
  );
});
