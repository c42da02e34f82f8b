import {
  ComplainantDataErased,
  ComplaintClosed,
  ComplaintLodged,
  ComplaintReferred,
  ComplaintReopened,
  ComplaintResolved,
  ComplaintResponseOverdue,
  ComplaintTriaged,
  ComplaintWithdrawn,
  complaintsEvents,
} from '@kazi/contracts';
import t from 'tap';
import { type ComplaintEvent, complaintEventDataSchemas, ComplaintEventType as E } from './events.ts';
import { toIntegrationEvents } from './integration.ts';
import {
  assigned,
  closed,
  complaintId,
  erased,
  hoursAfter,
  lodged,
  lodgedAt,
  lodgedEvent,
  noteAdded,
  personalValues,
  reference,
  referred,
  reopened,
  resolved,
  responseOverdue,
  sealed,
  sealedText,
  subjectId,
  trackingPinHash,
  triaged,
  withdrawn,
} from './specFixtures.ts';

/** What other services hear of a complaint: the right contract, a payload its schema accepts, no personal data. */

const at = '2026-03-10T09:00:00.000Z';
const erasureReason = 'the complainant asked for erasure under section 40';
const referralNote = 'worker at the shelter, call her on +254722000111';
const withdrawalReason = 'Amina says the agency paid her';
const triageReason = 'Amina reports beatings by the employer';
const reopeningReason = 'Amina called again: paid only half';

const cases: Array<{
  name: string;
  event: ComplaintEvent;
  contract: { type: string };
  data: Record<string, unknown>;
}> = [
  {
    name: 'lodged',
    event: lodgedEvent,
    contract: ComplaintLodged,
    data: {
      complaintId,
      at: lodgedAt,
      reference,
      channel: 'hotline',
      sex: 'female',
      ageBand: '25-34',
      country: 'SA',
      agencyId: 'agency-1',
      agencyName: 'Amani Overseas Recruiters Ltd',
      employerCountry: 'SA',
      categories: ['withheld-wages', 'document-confiscation'],
      indicators: ['retention-of-identity-documents', 'withholding-of-wages'],
      severity: 'high',
      respondBy: hoursAfter(lodgedAt, 72),
    },
  },
  {
    name: 'lodged without an agency id or an employer',
    event: (() => {
      const { employer: _employer, ...data } = lodged({
        agency: {
          candidates: [{ agencyId: 'agency-7', name: 'Amani Gulf Manpower', status: 'revoked', score: 0.6 }],
        },
        flags: [{ kind: 'agency-not-identified' }],
        location: { country: 'QA' },
      }).data;
      return { type: E.Lodged, data };
    })(),
    contract: ComplaintLodged,
    data: {
      complaintId,
      at: lodgedAt,
      reference,
      channel: 'hotline',
      sex: 'female',
      ageBand: '25-34',
      country: 'QA',
      categories: ['withheld-wages', 'document-confiscation'],
      indicators: ['retention-of-identity-documents', 'withholding-of-wages'],
      severity: 'high',
      respondBy: hoursAfter(lodgedAt, 72),
    },
  },
  {
    name: 'lodged with a free-text agency name',
    event: lodged({
      agency: { agencyName: 'Amani', candidates: [] },
      flags: [{ kind: 'agency-not-identified' }],
    }),
    contract: ComplaintLodged,
    data: {
      complaintId,
      at: lodgedAt,
      reference,
      channel: 'hotline',
      sex: 'female',
      ageBand: '25-34',
      country: 'SA',
      agencyName: 'Amani',
      employerCountry: 'SA',
      categories: ['withheld-wages', 'document-confiscation'],
      indicators: ['retention-of-identity-documents', 'withholding-of-wages'],
      severity: 'high',
      respondBy: hoursAfter(lodgedAt, 72),
    },
  },
  {
    name: 'triaged',
    event: triaged(at, {
      categories: ['physical-abuse'],
      indicators: ['physical-and-sexual-violence'],
      traffickingSuspected: true,
      severity: 'critical',
      previousSeverity: 'high',
      respondBy: hoursAfter(lodgedAt, 24),
      reason: triageReason,
    }),
    contract: ComplaintTriaged,
    data: {
      complaintId,
      at,
      categories: ['physical-abuse'],
      indicators: ['physical-and-sexual-violence'],
      traffickingSuspected: true,
      severity: 'critical',
    },
  },
  {
    name: 'referred',
    event: referred(at, 'labour-attache', { note: referralNote }),
    contract: ComplaintReferred,
    data: {
      complaintId,
      at,
      to: 'labour-attache',
      country: 'SA',
      reference,
      categories: ['withheld-wages', 'document-confiscation'],
      severity: 'high',
    },
  },
  {
    name: 'resolved with wages recovered',
    event: resolved(at, 'resolved-in-favour', {
      kind: 'wages-recovered',
      amount: 7200,
      currency: 'SAR',
      description: sealedText('paid to Amina in cash at the embassy'),
    }),
    contract: ComplaintResolved,
    data: {
      complaintId,
      at,
      outcome: 'resolved-in-favour',
      remedy: { kind: 'wages-recovered', amount: 7200, currency: 'SAR' },
    },
  },
  {
    name: 'resolved with a remedy without amount',
    event: resolved(at, 'partially-resolved', { kind: 'documents-returned' }),
    contract: ComplaintResolved,
    data: { complaintId, at, outcome: 'partially-resolved', remedy: { kind: 'documents-returned' } },
  },
  {
    name: 'resolved with nothing recovered',
    event: resolved(at, 'resolved-in-favour', { kind: 'wages-recovered', amount: 0, currency: 'SAR' }),
    contract: ComplaintResolved,
    data: {
      complaintId,
      at,
      outcome: 'resolved-in-favour',
      remedy: { kind: 'wages-recovered', amount: 0, currency: 'SAR' },
    },
  },
  {
    name: 'resolved without a remedy',
    event: resolved(at, 'not-substantiated', null),
    contract: ComplaintResolved,
    data: { complaintId, at, outcome: 'not-substantiated' },
  },
  {
    name: 'closed',
    event: closed(at),
    contract: ComplaintClosed,
    data: { complaintId, at },
  },
  {
    name: 'reopened',
    event: reopened(at, 'high', hoursAfter(at, 72), reopeningReason),
    contract: ComplaintReopened,
    data: { complaintId, at, respondBy: hoursAfter(at, 72) },
  },
  {
    name: 'withdrawn',
    event: withdrawn(at, withdrawalReason),
    contract: ComplaintWithdrawn,
    data: { complaintId, at },
  },
  {
    name: 'response overdue',
    event: responseOverdue(at, hoursAfter(lodgedAt, 72), 'high'),
    contract: ComplaintResponseOverdue,
    data: { complaintId, at, respondBy: hoursAfter(lodgedAt, 72), severity: 'high' },
  },
  {
    name: 'complainant data erased',
    event: erased(at, erasureReason),
    contract: ComplainantDataErased,
    data: { complaintId, at },
  },
];

// Anything that identifies the complainant or speaks about her, as it could appear in a payload.
const private_ = [
  ...personalValues,
  'Amina',
  sealed,
  'pd1.',
  'pd2.',
  subjectId,
  trackingPinHash,
  'Al-Noor',
  'Riyadh',
  erasureReason,
  referralNote,
  withdrawalReason,
  triageReason,
  reopeningReason,
  'embassy',
  'officer-1',
  'Achieng',
  'director-1',
  'hotline-1',
];

t.test('each stored event maps to its contract with exactly the agreed payload', async (t) => {
  for (const { name, event, contract, data } of cases) {
    t.test(name, async (t) => {
      t.ok(
        complaintEventDataSchemas[event.type].safeParse(event.data).success,
        'the example is a valid stored event',
      );
      const messages = toIntegrationEvents(event, complaintId);
      t.equal(messages.length, 1, 'one integration event');
      const [message] = messages;
      t.equal(message?.definition.type, contract.type, `published as ${contract.type}`);
      t.strictSame(message?.data, data, 'payload');
      t.doesNotThrow(
        () => message?.definition.schema.parse(message.data),
        'the payload parses with its contract schema',
      );
      const wire = JSON.stringify(message?.data);
      for (const value of private_) t.notOk(wire.includes(value), `no "${value.slice(0, 30)}" on the wire`);
    });
  }
});

t.test('the complaint id is the one the relay gives (the stream’s), not one from the data', async (t) => {
  const [message] = toIntegrationEvents(closed(at), 'complaint-42');
  t.same(message?.data, { complaintId: 'complaint-42', at });
});

t.test('assignments and notes publish nothing', async (t) => {
  t.same(toIntegrationEvents(assigned(at), complaintId), []);
  t.same(toIntegrationEvents(noteAdded(at, 'hotline'), complaintId), []);
});

t.test('events of other streams and unknown types publish nothing', async (t) => {
  t.same(
    toIntegrationEvents({ type: 'ke.nea.agency-registry.agency-licensed.v1', data: { at } }, complaintId),
    [],
  );
  t.same(toIntegrationEvents({ type: 'ke.nea.complaints.something-new.v1', data: { at } }, complaintId), []);
});

t.test('every complaint event that publishes is covered above, and every contract is used', async (t) => {
  const covered = new Set(cases.map((c) => c.event.type));
  const published = Object.values(E).filter((type) => type !== E.Assigned && type !== E.NoteAdded);
  t.same([...covered].sort(), [...published].sort());
  const contracts = new Set(cases.map((c) => c.contract.type));
  t.same([...contracts].sort(), complaintsEvents.map((d) => d.type).sort());
});
