import { foldEvents } from '@kazi/core';
import type { PersonalDataVault } from '@kazi/personal-data';
import t from 'tap';
import { complaintDecider } from '../domain/complaint/index.ts';
import {
  assigned,
  day,
  hoursAfter,
  lodgedAt,
  lodgedEvent,
  noteAdded,
  personalData,
  referred,
  triaged,
} from '../domain/complaint/specFixtures.ts';
import type { AttacheFacts } from './attacheFacts.ts';
import { ComplainantSealing } from './complainantSealing.ts';
import { openComplaintRecord } from './complaintRecord.ts';
import {
  attacheComplaintView,
  complaintViewSchema,
  complaintViews,
  hotlineComplaintView,
} from './complaintViews.ts';

/** Opens every sealed value as the name of its field (the complainant as the fixture's personal data). */
const vault = {
  open: async (_subject: string, _sealed: string, binding: { field: string }) => ({
    erased: false,
    value: binding.field === 'complainant' ? personalData : `text of ${binding.field}`,
  }),
} as unknown as PersonalDataVault;

const state = foldEvents(complaintDecider, complaintDecider.initialState(), [
  lodgedEvent,
  triaged(day(0.5), {
    categories: ['withheld-wages', 'confinement'],
    traffickingSuspected: true,
    severity: 'critical',
    previousSeverity: 'high',
    respondBy: hoursAfter(lodgedAt, 24),
  }),
  assigned(day(0.6)),
  noteAdded(day(0.7), 'officer', 'officer-note'),
  noteAdded(day(0.8), 'hotline', 'caller-note'),
  referred(day(1), 'labour-attache', { note: 'for the attaché' }),
  referred(day(1.1), 'police', { note: 'for the police' }),
]);
/** What the attaché-cases service told us: a closed case in Riyadh, an open one in Doha, a blacklisted employer. */
const attacheFacts: AttacheFacts = {
  attacheCases: [
    {
      caseId: 'referral:complaint-1:SA',
      mission: 'SA',
      caseType: 'labour-dispute',
      openedAt: day(1.2),
      status: 'closed',
      outcome: 'worker-returned',
      closedAt: day(9),
    },
    {
      caseId: 'case-qa-1',
      mission: 'QA',
      caseType: 'welfare-check',
      openedAt: day(2),
      status: 'open',
      outcome: null,
      closedAt: null,
    },
  ],
  employerFlag: {
    kind: 'employer-blacklisted',
    employerId: 'employer-1',
    employerName: 'Al-Noor Household Services Est.',
    country: 'SA',
    vettedAt: day(3),
    score: 1,
  },
};
const record = {
  ...(await openComplaintRecord('complaint-1', state, new ComplainantSealing(vault))),
  ...attacheFacts,
  version: 7,
};

t.test('NEA sees the full record', async (t) => {
  const nea = complaintViews.nea(record);
  t.equal(nea.view, 'nea');
  t.equal(nea.assignee, 'officer-2');
  t.equal(nea.traffickingSuspected, true);
  t.equal(nea.notes.length, 2);
  t.equal(nea.referrals.length, 2);
  t.equal(nea.history[1]?.reason, 'text of triage.reason');
  t.equal(nea.location.city, 'text of location.city');
  t.equal(nea.employer?.name, 'text of employer.name');
  t.same(nea.attacheCases, attacheFacts.attacheCases, "every attaché's case opened from it");
  t.same(nea.employerFlag, attacheFacts.employerFlag, 'the blacklisted employer it names');
});

t.test('the hotline sees what it sent, its follow-ups and the dates of status changes', async (t) => {
  const hotline = complaintViews.hotline(record);
  for (const hidden of [
    'assignee',
    'referrals',
    'traffickingSuspected',
    'indicators',
    'severity',
    'respondBy',
    'resolution',
    'erasure',
    'lodgedBy',
    'flags',
    'attacheCases',
    'employerFlag',
  ])
    t.notOk(hidden in hotline, `no ${hidden}`);
  t.same(
    hotline.attacheOutcomes,
    ['worker-returned'],
    'the outcome of the closed case, as the caller sees it',
  );
  for (const caseFact of ['referral:complaint-1:SA', 'labour-dispute', 'employer-1', 'blacklisted'])
    t.notOk(JSON.stringify(hotline).includes(caseFact), `nothing else of the case or employer (${caseFact})`);
  const open = complaintViews.hotline({ ...record, attacheCases: attacheFacts.attacheCases.slice(1) });
  t.notOk('attacheOutcomes' in open, 'while no case is closed, not even the field');
  t.same(hotline.categories, lodgedEvent.data.categories, 'the categories as lodged, not as triaged');
  t.same(
    hotline.notes.map((n) => n.id),
    ['caller-note'],
    'its follow-ups only',
  );
  t.same(
    hotline.history.map((h) => Object.keys(h).sort()),
    hotline.history.map(() => ['at', 'event', 'status']),
    'no actor or reason in the history',
  );
  t.notOk(JSON.stringify(hotline).includes('police'), 'not even that the police had it');
  t.equal(hotline.complainant.fullName, personalData.fullName, 'the caller it lodged for');
});

t.test("the attaché sees what helping the worker needs, and only its mission's referral", async (t) => {
  const attache = complaintViews.attache(record, 'SA');
  for (const hidden of ['assignee', 'traffickingSuspected', 'indicators', 'resolution', 'lodgedBy', 'flags'])
    t.notOk(hidden in attache, `no ${hidden}`);
  t.same(
    attache.referrals.map((r) => [r.to, r.note]),
    [['labour-attache', 'text of referral.note']],
    'its referral and its note, not the police one',
  );
  t.same(
    attache.notes.map((n) => n.id),
    ['caller-note'],
    "the caller's follow-ups, not officers' notes",
  );
  t.equal(attache.complainant.phone, personalData.phone, 'the contact');
  t.equal(attache.severity, 'critical', 'how urgent it is');
  t.same(complaintViews.attache(record, 'QA').referrals, [], "another mission's attaché gets no referral");
  t.same(
    attache.attacheCases.map((c) => c.caseId),
    ['referral:complaint-1:SA'],
    "its mission's case, not Doha's",
  );
  t.same(
    complaintViews.attache(record, 'QA').attacheCases.map((c) => c.caseId),
    ['case-qa-1'],
    "Doha's attaché its own",
  );
  t.equal(attache.employerFlag?.kind, 'employer-blacklisted', 'the employer flag: attachés vet employers');
});

t.test('the response schemas keep each view to its fields, whatever the record grows', async (t) => {
  const leaky = { ...complaintViews.hotline(record), assignee: 'officer-2', traffickingSuspected: true };
  const parsed = hotlineComplaintView.parse(leaky);
  t.notOk('assignee' in parsed, 'a field the hotline view does not list is stripped');
  t.notOk('traffickingSuspected' in complaintViewSchema.parse(leaky), 'also through the union');
  const attache = attacheComplaintView.parse({ ...complaintViews.attache(record, 'SA'), indicators: ['x'] });
  t.notOk('indicators' in attache);
});
