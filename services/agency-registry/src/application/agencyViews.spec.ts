import t from 'tap';
import {
  type AgencyEvent,
  AgencyEventType as E,
  evolveAgency,
  initialAgencyState,
} from '../domain/agency/index.ts';
import {
  agencyId,
  application,
  applicationRecorded,
  director,
  officer,
  sealedDirector,
} from '../domain/agency/specFixtures.ts';
import { agencyViewFor, toAnalystView } from './agencyViews.ts';

/** The analyst's view holds nothing that names or singles out a person, whatever the agency holds. */
const events: AgencyEvent[] = [
  applicationRecorded({
    directors: [sealedDirector, { ...sealedDirector, subject: 'director:other', nationality: 'SO' }],
    flags: [
      {
        kind: 'director-of-revoked-agency',
        revokedAgencyId: 'agency-0',
        revokedAgencyName: 'Old Ltd',
        directorIndex: 1,
        fingerprint: 'fp-secret',
      },
    ],
  }),
  {
    type: E.VettingCheckRecorded,
    data: {
      check: 'office-inspection',
      outcome: 'fail',
      note: 'met Wanjiru',
      officer,
      at: '2026-02-02T08:00:00.000Z',
    },
  },
  {
    type: E.ApplicationRejected,
    data: { reason: 'Wanjiru lied', by: director, at: '2026-02-03T08:00:00.000Z' },
  },
  {
    type: E.DirectorErased,
    data: {
      directorIndex: 0,
      subject: sealedDirector.subject,
      fingerprints: sealedDirector.fingerprints,
      reason: 'data-subject-request',
      note: 'pd2.note',
      by: director,
      at: '2026-02-04T08:00:00.000Z',
    },
  },
];
const state = events.reduce(evolveAgency, initialAgencyState());

t.test('the analyst view: the business, checks, history and a count of directors; no person', async (t) => {
  const view = toAnalystView(state);
  t.match(view, {
    view: 'analyst',
    id: agencyId,
    status: 'rejected',
    name: application.name,
    directorCount: 2,
    flags: [
      { kind: 'director-of-revoked-agency', revokedAgencyId: 'agency-0', revokedAgencyName: 'Old Ltd' },
    ],
    vettingChecks: [{ check: 'office-inspection', outcome: 'fail', at: '2026-02-02T08:00:00.000Z' }],
    licenceHistory: [{ event: 'rejected', at: '2026-02-03T08:00:00.000Z' }],
  });
  const text = JSON.stringify(view);
  for (const personal of [
    sealedDirector.sealed,
    sealedDirector.subject,
    'fp-secret',
    '"SO"',
    officer.sub,
    officer.name,
    director.sub,
    director.name,
    'Wanjiru',
    'pd2.note',
    application.phone,
    application.email,
    application.physicalAddress,
    application.guarantee.reference,
  ])
    t.notOk(text.includes(personal), `holds no ${personal}`);
});

t.test(
  'the view follows the roles: any NEA role reads the full record, anyone else the analyst view',
  async (t) => {
    t.equal(agencyViewFor(['nea-officer']), 'full');
    t.equal(agencyViewFor(['nea-director']), 'full');
    t.equal(agencyViewFor(['analyst', 'nea-officer']), 'full');
    t.equal(agencyViewFor(['analyst']), 'analyst');
    t.equal(agencyViewFor(['analyst', 'hotline']), 'analyst');
    t.equal(agencyViewFor([]), 'analyst', 'no role: nothing personal');
  },
);
