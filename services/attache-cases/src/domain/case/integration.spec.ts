import {
  attacheCasesEvents,
  CaseClosed,
  CaseOpened,
  CaseUpdated,
  CaseWorkerDetailsCorrected,
  EmployerVetted,
  RepatriationStageChanged,
} from '@kazi/contracts';
import t from 'tap';
import { type CaseAction, type CaseEvent, caseEventDataSchemas, CaseEventType as E } from './events.ts';
import { caseIntegrationEvents } from './integration.ts';
import {
  caseId,
  closed,
  complaintId,
  dateOf,
  day,
  detailsRecorded,
  employerId,
  erased,
  noteAction,
  opened,
  openedAt,
  openedEvent,
  personalValues,
  sealedText,
  sealedWorker,
  stageReached,
  subjectId,
  updated,
} from './specFixtures.ts';
import { CASE_ACTIONS, CASE_TYPES, CLOSURE_OUTCOMES, REPATRIATION_STAGES, SEXES } from './vocabulary.ts';

/** What other services hear of a case: the right contract, a payload its schema accepts, no personal data. */

const at = day(3);
const noteText = 'Amina is at the Al Olaya shelter, phone +254722000111';
const abandonReason = 'Amina refused to board';

const cases: Array<{
  name: string;
  event: CaseEvent;
  contract: { type: string };
  data: Record<string, unknown>;
}> = [
  {
    name: 'opened by an attaché, her employer typed in',
    event: openedEvent,
    contract: CaseOpened,
    data: {
      caseId,
      at: openedAt,
      caseType: 'labour-dispute',
      country: 'SA',
      sex: 'female',
      ageBand: '25-34',
      occupation: '9111',
    },
  },
  {
    name: 'opened from a referral, naming a registered employer',
    event: opened({
      caseType: 'rescue-shelter',
      complaintId,
      worker: { subjectId, sex: 'unspecified' },
      employer: { employerId, name: 'Gulf Star', country: 'SA', statusAtOpening: 'flagged' },
      flags: [{ kind: 'employer-flagged' }],
    }),
    contract: CaseOpened,
    data: {
      caseId,
      at: openedAt,
      caseType: 'rescue-shelter',
      country: 'SA',
      complaintId,
      sex: 'unspecified',
      employerId,
    },
  },
  {
    name: 'a note',
    event: updated(at, noteAction(noteText)),
    contract: CaseUpdated,
    data: { caseId, at, action: 'note' },
  },
  {
    name: 'wages recovered',
    event: updated(at, {
      kind: 'wages-recovered',
      amount: 7200,
      currency: 'SAR',
      date: dateOf(3),
      note: sealedText(noteText),
    }),
    contract: CaseUpdated,
    data: { caseId, at, action: 'wages-recovered' },
  },
  {
    name: 'repatriation planned',
    event: stageReached(at, { stage: 'planned', date: dateOf(2) }),
    contract: RepatriationStageChanged,
    data: { caseId, at, stage: 'planned', date: dateOf(2) },
  },
  {
    name: 'repatriation abandoned',
    event: stageReached(at, { stage: 'abandoned', reason: sealedText(abandonReason) }),
    contract: RepatriationStageChanged,
    data: { caseId, at, stage: 'abandoned', date: dateOf(3) },
  },
  {
    name: 'arrived, safe and dignified: sex and age band for indicator 30.4.1',
    event: stageReached(at, {
      stage: 'arrived',
      safeAndDignified: true,
      worker: { sex: 'female', ageBand: '25-34' },
    }),
    contract: RepatriationStageChanged,
    data: {
      caseId,
      at,
      stage: 'arrived',
      date: dateOf(3),
      safeAndDignified: true,
      sex: 'female',
      ageBand: '25-34',
    },
  },
  {
    name: 'arrived, not safe or dignified, no age band known',
    event: stageReached(at, { stage: 'arrived', safeAndDignified: false, worker: { sex: 'male' } }),
    contract: RepatriationStageChanged,
    data: { caseId, at, stage: 'arrived', date: dateOf(3), safeAndDignified: false, sex: 'male' },
  },
  {
    name: 'the remains arrived',
    event: stageReached(at, {
      stage: 'arrived',
      safeAndDignified: true,
      worker: { sex: 'female', ageBand: '25-34' },
      remains: true,
    }),
    contract: RepatriationStageChanged,
    data: {
      caseId,
      at,
      stage: 'arrived',
      date: dateOf(3),
      safeAndDignified: true,
      sex: 'female',
      ageBand: '25-34',
      remains: true,
    },
  },
  {
    name: 'closed, from a complaint',
    event: closed(at, 'worker-returned', { complaintId, note: noteText }),
    contract: CaseClosed,
    data: { caseId, at, outcome: 'worker-returned', complaintId },
  },
  {
    name: 'closed',
    event: closed(at, 'resolved'),
    contract: CaseClosed,
    data: { caseId, at, outcome: 'resolved' },
  },
  {
    name: "the worker's details recorded or corrected: what statistics count, never the details",
    event: detailsRecorded(at, { sex: 'male', ageBand: '35-44', occupation: '8322' }),
    contract: CaseWorkerDetailsCorrected,
    data: { caseId, at, sex: 'male', ageBand: '35-44', occupation: '8322' },
  },
  {
    name: "the worker's sex corrected alone (the case keeps its age band and occupation)",
    event: detailsRecorded(at, { sex: 'female', ageBand: undefined, occupation: undefined }),
    contract: CaseWorkerDetailsCorrected,
    data: { caseId, at, sex: 'female' },
  },
];

// Anything that identifies the worker or speaks about her, as it could appear in a payload.
const private_ = [
  ...personalValues,
  'Amina',
  sealedWorker,
  'pd2.',
  subjectId,
  noteText,
  abandonReason,
  'Al-Noor',
  'Gulf Star',
  'attache-sa-1',
  'Halima',
  'fp-1',
  'update-1',
];

t.test('each stored event maps to its contract with exactly the agreed payload', async (t) => {
  for (const { name, event, contract, data } of cases) {
    t.test(name, async (t) => {
      t.ok(
        caseEventDataSchemas[event.type].safeParse(event.data).success,
        'the example is a valid stored event',
      );
      const messages = caseIntegrationEvents(event, caseId);
      t.equal(messages.length, 1, 'one integration event');
      const [message] = messages;
      t.equal(message?.definition.type, contract.type, `published as ${contract.type}`);
      t.strictSame(message?.data, data, 'payload');
      t.doesNotThrow(
        () => message?.definition.schema.parse(message.data),
        'the payload parses with its contract',
      );
      const wire = JSON.stringify(message?.data);
      for (const value of private_) t.notOk(wire.includes(value), `no "${value.slice(0, 30)}" on the wire`);
    });
  }
});

t.test('every word of the domain is a word of the contract', async (t) => {
  const parses = (event: CaseEvent) => {
    const [message] = caseIntegrationEvents(event, caseId);
    return message?.definition.schema.safeParse(message.data).success === true;
  };
  for (const caseType of CASE_TYPES) t.ok(parses(opened({ caseType })), `case type ${caseType}`);
  for (const sex of SEXES) t.ok(parses(opened({ worker: { subjectId, sex } })), `sex ${sex}`);
  const actionOf: Record<(typeof CASE_ACTIONS)[number], CaseAction> = {
    note: noteAction(),
    'employer-contacted': { kind: 'employer-contacted', date: dateOf(1) },
    hearing: { kind: 'hearing', forum: 'labour-office', outcome: 'settled', date: dateOf(1) },
    'shelter-admission': { kind: 'shelter-admission', date: dateOf(1) },
    'shelter-discharge': { kind: 'shelter-discharge', date: dateOf(1) },
    'wages-recovered': { kind: 'wages-recovered', amount: 1, currency: 'KES', date: dateOf(1) },
    'lawyer-referral': { kind: 'lawyer-referral', date: dateOf(1) },
    'remains-disposition': {
      kind: 'remains-disposition',
      disposition: 'burial-abroad',
      familyConsent: { date: dateOf(1), relation: 'child' },
    },
  };
  for (const kind of CASE_ACTIONS) t.ok(parses(updated(at, actionOf[kind])), `action ${kind}`);
  for (const stage of REPATRIATION_STAGES) t.ok(parses(stageReached(at, { stage })), `stage ${stage}`);
  for (const outcome of CLOSURE_OUTCOMES) t.ok(parses(closed(at, outcome)), `outcome ${outcome}`);
});

t.test('the case id is the one the relay gives (the stream’s), not one from the data', async (t) => {
  const [message] = caseIntegrationEvents(closed(at), 'case-42');
  t.same(message?.data, { caseId: 'case-42', at, outcome: 'resolved' });
});

t.test("the worker's erasure publishes nothing: nothing personal was ever published", async (t) => {
  t.same(caseIntegrationEvents(erased(at), caseId), []);
});

t.test('events of other streams and unknown types publish nothing', async (t) => {
  t.same(
    caseIntegrationEvents({ type: 'ke.nea.attache-cases.employer-vetted.v1', data: { at } }, caseId),
    [],
  );
  t.same(caseIntegrationEvents({ type: 'ke.nea.attache-cases.case-reopened.v1', data: { at } }, caseId), []);
});

t.test(
  'every case event is covered above, and every contract is used (the employer vetted too)',
  async (t) => {
    const covered = new Set(cases.map((c) => c.event.type));
    t.same(
      [...covered].sort(),
      Object.values(E)
        .filter((type) => type !== E.WorkerDataErased)
        .sort(),
    );
    const contracts = new Set([...cases.map((c) => c.contract.type), EmployerVetted.type]);
    t.same([...contracts].sort(), attacheCasesEvents.map((d) => d.type).sort());
  },
);
