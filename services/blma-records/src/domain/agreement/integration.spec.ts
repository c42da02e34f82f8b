import {
  AgreementAmended,
  AgreementExpired,
  AgreementInForce,
  AgreementRecorded,
  AgreementReviewed,
  AgreementSigned,
  AgreementTerminated,
  AgreementUnderReview,
  blmaRecordsEvents,
  CommitteeActionDone,
  CommitteeActionOverdue,
  CommitteeMeetingHeld,
  IntegrationEventCatalog,
} from '@kazi/contracts';
import t from 'tap';
import { type AgreementEvent, agreementEventDataSchemas, AgreementEventType as E } from './events.ts';
import { agreementIntegrationEvents } from './integration.ts';
import {
  actionDone,
  actionOverdue,
  agreementId,
  amended,
  amendedSectors,
  amendmentSummary,
  attached,
  decisions,
  endingReason,
  enteredIntoForce,
  expiredByClock,
  expiredByOfficer,
  findings,
  meetingHeld,
  noonOf,
  officer,
  provisions,
  recorded,
  recordedAt,
  reviewDue,
  reviewed,
  reviewFlagged,
  sectors,
  signed,
  terminated,
} from './specFixtures.ts';
import {
  AGREEMENT_KINDS,
  AGREEMENT_STATUSES,
  PROVISION_KINDS,
  REVIEW_RECOMMENDATIONS,
} from './vocabulary.ts';

/**
 * What other services hear of an agreement: the right contract, a payload its schema accepts, the partner
 * country and the agreement on each, and none of the free text the officers typed.
 */
const partnerCountry = 'QA';
const base = { agreementId, partnerCountry };
const overdueAt = '2026-05-01T00:00:00.000Z';
const clockAt = '2031-02-01T00:00:00.000Z';

const cases: {
  name: string;
  event: AgreementEvent;
  contract: { type: string };
  data: Record<string, unknown>;
}[] = [
  {
    name: 'recorded: kind, sectors and the kinds of provision drafted',
    event: recorded(),
    contract: AgreementRecorded,
    data: {
      ...base,
      at: recordedAt,
      title: recorded().data.title,
      kind: 'bilateral-labour-agreement',
      sectors,
      provisionKinds: [
        'passport-retention-prohibited',
        'wage-protection',
        'recruitment-fees',
        'joint-committee',
      ],
    },
  },
  {
    name: 'signed',
    event: signed(),
    contract: AgreementSigned,
    data: { ...base, at: noonOf('2026-01-20'), date: '2026-01-20' },
  },
  {
    name: 'in force: its days and what it covers',
    event: enteredIntoForce(),
    contract: AgreementInForce,
    data: {
      ...base,
      at: noonOf('2026-02-01'),
      date: '2026-02-01',
      reviewDue,
      expiry: '2031-01-31',
      provisionKinds: provisions.map((p) => p.kind),
      sectors,
    },
  },
  {
    name: 'in force without review or expiry days',
    event: enteredIntoForce('2026-02-01', {}),
    contract: AgreementInForce,
    data: {
      ...base,
      at: noonOf('2026-02-01'),
      date: '2026-02-01',
      provisionKinds: provisions.map((p) => p.kind),
      sectors,
    },
  },
  {
    name: 'under review: the clock flagged its review day',
    event: reviewFlagged(noonOf(reviewDue)),
    contract: AgreementUnderReview,
    data: { ...base, at: noonOf(reviewDue), date: reviewDue, reviewDue },
  },
  {
    name: 'reviewed, renewed: back in force, its new days',
    event: reviewed('2027-02-10', 'renew', { nextReviewDue: '2029-02-01', renewedUntil: '2036-01-31' }),
    contract: AgreementReviewed,
    data: {
      ...base,
      at: noonOf('2027-02-10'),
      date: '2027-02-10',
      recommendation: 'renew',
      status: 'in-force',
      nextReviewDue: '2029-02-01',
      renewedUntil: '2036-01-31',
    },
  },
  {
    name: 'reviewed, to be amended: still under review; no findings on the wire',
    event: reviewed('2027-02-10', 'amend'),
    contract: AgreementReviewed,
    data: {
      ...base,
      at: noonOf('2027-02-10'),
      date: '2027-02-10',
      recommendation: 'amend',
      status: 'under-review',
    },
  },
  {
    name: 'amended: the whole terms since its day, no summary',
    event: amended('2027-04-01'),
    contract: AgreementAmended,
    data: {
      ...base,
      at: noonOf('2027-04-01'),
      amendment: 1,
      date: '2027-04-01',
      provisionKinds: [
        'passport-retention-prohibited',
        'wage-protection',
        'joint-committee',
        'recruitment-fees',
        'rest-days',
      ],
      sectors: amendedSectors,
    },
  },
  {
    name: 'expired by the clock',
    event: expiredByClock(clockAt, '2031-02-01'),
    contract: AgreementExpired,
    data: { ...base, at: clockAt, date: '2031-02-01', expiry: '2031-01-31', cause: 'clock' },
  },
  {
    name: 'expired, recorded by an officer, without its reason',
    event: expiredByOfficer('2030-01-01', { expiry: null }),
    contract: AgreementExpired,
    data: { ...base, at: noonOf('2030-01-01'), date: '2030-01-01', cause: 'officer' },
  },
  {
    name: 'terminated, with the status it ended, without its reason',
    event: terminated('2026-09-01', 'in-force'),
    contract: AgreementTerminated,
    data: { ...base, at: noonOf('2026-09-01'), date: '2026-09-01', previousStatus: 'in-force' },
  },
  {
    name: 'a committee meeting: institutions and actions, not the actions’ wording',
    event: meetingHeld(),
    contract: CommitteeMeetingHeld,
    data: {
      ...base,
      at: noonOf('2026-03-10'),
      meetingId: 'meeting-1',
      date: '2026-03-10',
      institutions: meetingHeld().data.attendees,
      actions: decisions.map(({ owner, due }, i) => ({ actionId: `meeting-1-action-${i + 1}`, owner, due })),
    },
  },
  {
    name: 'an action overdue',
    event: actionOverdue(overdueAt),
    contract: CommitteeActionOverdue,
    data: {
      ...base,
      at: overdueAt,
      meetingId: 'meeting-1',
      actionId: 'meeting-1-action-1',
      owner: decisions[0]?.owner,
      due: decisions[0]?.due,
    },
  },
  {
    name: 'an action done, late',
    event: actionDone('meeting-1-action-1', '2026-05-10', true),
    contract: CommitteeActionDone,
    data: {
      ...base,
      at: noonOf('2026-05-10'),
      meetingId: 'meeting-1',
      actionId: 'meeting-1-action-1',
      date: '2026-05-10',
      wasOverdue: true,
    },
  },
];

/** Free text the officers typed, and who they are: what never goes on the wire. */
const unpublished = [
  'Test data.',
  amendmentSummary,
  findings,
  endingReason,
  ...decisions.map((d) => d.action),
  ...provisions.map((p) => p.text),
  officer.sub,
  officer.name,
];

t.test('each stored event maps to its contract with exactly the agreed payload', async (t) => {
  for (const { name, event, contract, data } of cases) {
    t.test(name, async (t) => {
      t.ok(
        agreementEventDataSchemas[event.type].safeParse(event.data).success,
        'the example is a valid stored event',
      );
      const messages = agreementIntegrationEvents(event, agreementId);
      t.equal(messages.length, 1, 'one integration event');
      const [message] = messages;
      t.equal(message?.definition.type, contract.type, `published as ${contract.type}`);
      t.strictSame(message?.data, data, 'payload');
      t.doesNotThrow(
        () => message?.definition.schema.parse(message.data),
        'the payload parses with its contract',
      );
      const wire = JSON.stringify(message?.data);
      for (const value of unpublished)
        t.notOk(wire.includes(value), `no "${value.slice(0, 30)}" on the wire`);
    });
  }
});

t.test('every word of the domain is a word of the contract', async (t) => {
  const parses = (event: AgreementEvent) => {
    const [message] = agreementIntegrationEvents(event, agreementId);
    return message?.definition.schema.safeParse(message.data).success === true;
  };
  for (const kind of AGREEMENT_KINDS) t.ok(parses(recorded({ kind })), `kind ${kind}`);
  for (const kind of PROVISION_KINDS) {
    const terms = { provisions: [{ kind, text: 'x' }], sectors };
    t.ok(parses(recorded({ provisions: terms.provisions })), `provision ${kind} drafted`);
    t.ok(parses(enteredIntoForce('2026-02-01', {}, { terms })), `provision ${kind} in force`);
    t.ok(parses(amended('2027-04-01', terms)), `provision ${kind} amended`);
  }
  for (const recommendation of REVIEW_RECOMMENDATIONS)
    t.ok(parses(reviewed('2027-02-10', recommendation)), `recommendation ${recommendation}`);
  for (const status of AGREEMENT_STATUSES) t.ok(parses(terminated('2026-09-01', status)), `ended ${status}`);
});

t.test('the agreement id is the one the relay gives (the stream’s)', async (t) => {
  const [message] = agreementIntegrationEvents(signed(), 'agreement-42');
  t.match(message?.data, { agreementId: 'agreement-42' });
});

t.test('a document publishes nothing; nor do events of other streams or unknown types', async (t) => {
  t.same(agreementIntegrationEvents(attached(), agreementId), []);
  t.same(
    agreementIntegrationEvents({ type: 'ke.nea.complaints.complaint-lodged.v2', data: {} }, agreementId),
    [],
  );
  t.same(
    agreementIntegrationEvents({ type: 'ke.nea.blma-records.agreement-renamed.v1', data: {} }, agreementId),
    [],
  );
});

t.test('every agreement event is covered above, and every contract is used and catalogued', async (t) => {
  const covered = new Set(cases.map((c) => c.event.type));
  t.same(
    [...covered].sort(),
    Object.values(E)
      .filter((type) => type !== E.DocumentAttached)
      .sort(),
  );
  const contracts = new Set(cases.map((c) => c.contract.type));
  t.same([...contracts].sort(), blmaRecordsEvents.map((d) => d.type).sort());
  const catalog = new IntegrationEventCatalog(blmaRecordsEvents);
  for (const definition of blmaRecordsEvents) {
    t.equal(catalog.get(definition.type), definition, `${definition.type} in the catalogue`);
    t.equal(definition.context, 'blma-records');
  }
});
