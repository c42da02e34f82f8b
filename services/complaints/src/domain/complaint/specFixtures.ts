import type { Actor } from '@kazi/core';
/**
 * The complaint's test data, written once: people, a POST /complaints body, a lodging, commands and events.
 * Every command carries a fixed `now`; every event its own time, so a wrong timestamp shows. The service
 * exports these from its testing entry (src/testing/index.ts) for route tests, end-to-end tests and the
 * benchmark; they live here so that the domain's own specifications use them without reaching out of the
 * domain folder.
 */
import type {
  AddNote,
  AssignComplaint,
  CloseComplaint,
  ComplaintRules,
  EraseComplainantData,
  FlagResponseOverdue,
  LodgeComplaint,
  ReferComplaint,
  ReopenComplaint,
  ResolveComplaint,
  TriageComplaint,
  WithdrawComplaint,
} from './commands.ts';
import {
  type ComplaintEvent,
  type ComplaintEventOf,
  ComplaintEventType as E,
  type Remedy,
  type SealedText,
} from './events.ts';
import { type ComplainantPersonalData, type LodgingInput, lodgingSchema, personalDataOf } from './lodging.ts';
import type {
  ComplaintCategory,
  ComplaintStatus,
  ForcedLabourIndicator,
  ReferralTarget,
  Severity,
} from './vocabulary.ts';

export const complaintId = 'complaint-1';
export const reference = 'NEA-2026-000123';
export const subjectId = `complainant:${complaintId}`;
export const agencyId = 'agency-1';
export const agencyName = 'Amani Overseas Recruiters Ltd';
export const trackingPinHash = 'scrypt$10$c2FsdA$aGFzaA';

export const hotline: Actor = { sub: 'hotline-1', name: 'Wairimu Njoroge' };
export const officer: Actor = { sub: 'officer-1', name: 'Achieng Otieno' };
export const secondOfficer: Actor = { sub: 'officer-2', name: 'Mutua Kilonzo' };
export const director: Actor = { sub: 'director-1', name: 'Njeri Wambui' };

/** The default configuration: which categories are high, hours to the first response per severity. */
export const rules: ComplaintRules = {
  highCategories: [
    'withheld-wages',
    'document-confiscation',
    'denied-medical-care',
    'stranded',
    'recruitment-fees',
    'contract-substitution',
  ],
  responseHours: { critical: 24, high: 72, normal: 168 },
};

/** An ISO time `hours` after `iso` (negative: before). */
export const hoursAfter = (iso: string, hours: number): string =>
  new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

/** When the complaint is lodged. */
export const lodgedAt = '2026-03-02T08:00:00.000Z';

/**
 * A free text as the application seals it: opaque, shaped like the vault's `pd2.<iv>.<ciphertext>`, and
 * different for each text, so an event that kept the wrong one shows.
 */
export const sealedText = (text: string): SealedText => ({
  sealed: `pd2.dGV4dA.${Buffer.from(text, 'utf8').toString('base64url')}`,
});

/**
 * A run-unique prefix (no node:crypto here: the domain folder imports nothing but the core, contracts and
 * zod), so every complaint's personal data differs and a leak can be traced to its test.
 */
const run = Math.floor(Math.random() * 1000);
let serial = 0;

/** Seven digits no other call in this process returns: the run's three, then a serial of four. */
export function uniqueDigits(): string {
  serial += 1;
  return `${String(run).padStart(3, '0')}${String(serial).padStart(4, '0')}`;
}

/** `base` with `overrides` laid over it; an override may change a field's type (to build an invalid body). */
export type Overridden<T, O> = Omit<T, keyof O> & O;

/**
 * A valid POST /complaints body (no agency): a Kenyan domestic worker in Riyadh whose name, phone, national
 * ID and narrative are made of `digits` (run-unique by default; up to 9 digits keep them valid).
 * Overrides replace whole top-level fields.
 */
export function complaintBody<O extends Record<string, unknown> = Record<never, never>>(
  overrides: O = {} as O,
  digits: string = uniqueDigits(),
): Overridden<LodgingInput, O> {
  const body: LodgingInput = {
    complainant: {
      fullName: `Mary Atieno ${digits}`,
      phone: `+25471${digits}`,
      sex: 'female',
      dateOfBirth: '1996-04-12',
      nationalId: `3${digits}`,
    },
    location: { country: 'SA', city: 'Riyadh' },
    categories: ['withheld-wages'],
    narrative: `Salary not paid for four months (case ${digits}).`,
    language: 'sw',
  };
  return { ...body, ...overrides } as Overridden<LodgingInput, O>;
}

/** The body the domain's specifications share, as the hotline sends it: fixed, naming an agency and employer. */
export const lodgingBody = complaintBody({
  complainant: {
    fullName: 'Amina Wanjiku Mwangi',
    phone: '+254722000111',
    sex: 'female',
    dateOfBirth: '1998-06-15',
    nationalId: '23456789',
    passportNumber: 'AK7654321',
  },
  location: { country: 'SA', city: 'Riyadh' },
  agencyId,
  employer: { name: 'Al-Noor Household Services', country: 'SA' },
  categories: ['withheld-wages', 'document-confiscation'],
  narrative: 'My employer keeps my passport and has not paid me for four months. Call me after 9pm.',
});

/** The same lodging, as the domain receives it. */
export const lodging = lodgingSchema.parse(lodgingBody);

/** What is sealed under the complainant's key: what no event may hold in the clear. */
export const personalData: ComplainantPersonalData = personalDataOf(lodging);

/** The sealed personal data: opaque, shaped like the vault's `pd1.<iv>.<ciphertext>`. */
export const sealed = 'pd1.q83vEjRWeJA.c2VhbGVkLXBlcnNvbmFsLWRhdGEtb2YtdGhlLWNvbXBsYWluYW50';

/** Every value of the personal data and free text of the lodging, as it could appear in the clear. */
export const personalValues: string[] = [
  ...Object.values(personalData),
  lodgingBody.location.city,
  lodgingBody.employer.name,
];

type LodgeInput = LodgeComplaint['input'];

/** The facts of the lodging the decider gets: the complainant reduced to sex and date of birth or band. */
export const lodgeInput: LodgeInput = (() => {
  const { narrative: _narrative, complainant, location, employer, ...facts } = lodging;
  return {
    ...facts,
    complainant: { sex: complainant.sex, dateOfBirth: complainant.dateOfBirth },
    location: { country: location.country, city: sealedText(location.city ?? '') },
    ...(employer ? { employer: { name: sealedText(employer.name), country: employer.country } } : {}),
  };
})();

/** What the agency view knows of the default agency. */
export const licensedAgency = { known: true, status: 'licensed', name: agencyName };

export const lodge = (
  overrides: Partial<Omit<LodgeComplaint, 'type' | 'input'>> & { input?: Partial<LodgeInput> } = {},
): LodgeComplaint => {
  const { input, ...rest } = overrides;
  return {
    type: 'LodgeComplaint',
    complaintId,
    reference,
    channel: 'hotline',
    subjectId,
    sealed,
    trackingPinHash,
    agency: licensedAgency,
    candidates: [],
    rules,
    actor: hotline,
    now: lodgedAt,
    ...rest,
    input: { ...lodgeInput, ...input },
  };
};

type LodgedData = ComplaintEventOf<'Lodged'>['data'];

/**
 * The lodged event of the default lodging: withheld wages and a confiscated passport are `high`, so the
 * first response is due 72 hours after lodging. A 27-year-old (born 15 June 1998) in Riyadh.
 */
export const lodged = (overrides: Partial<LodgedData> = {}): ComplaintEventOf<'Lodged'> => ({
  type: E.Lodged,
  data: {
    complaintId,
    reference,
    channel: 'hotline',
    lodgedBy: hotline,
    complainant: { sex: 'female', ageBand: '25-34', subjectId, sealed },
    location: { country: 'SA', city: sealedText('Riyadh') },
    agency: { agencyId, agencyName, statusAtLodging: 'licensed', candidates: [] },
    flags: [],
    employer: { name: sealedText('Al-Noor Household Services'), country: 'SA' },
    categories: ['withheld-wages', 'document-confiscation'],
    indicators: ['retention-of-identity-documents', 'withholding-of-wages'],
    severity: 'high',
    language: 'sw',
    trackingPinHash,
    respondBy: hoursAfter(lodgedAt, 72),
    at: lodgedAt,
    ...overrides,
  },
});

/** The default complaint, just lodged (high, respond by 5 March 08:00). */
export const lodgedEvent = lodged();

// Commands, each with its `now`.

export const triage = (
  now: string,
  overrides: Partial<Omit<TriageComplaint, 'type' | 'now'>> = {},
): TriageComplaint => ({
  type: 'TriageComplaint',
  reason: sealedText('confirmed on call-back'),
  rules,
  actor: officer,
  now,
  ...overrides,
});

export const assign = (
  now: string,
  assignee = secondOfficer.sub,
  actor: Actor = officer,
): AssignComplaint => ({
  type: 'AssignComplaint',
  assignee,
  actor,
  now,
});

export const addNote = (
  now: string,
  source: 'hotline' | 'officer' = 'officer',
  noteId = 'note-1',
  actor: Actor = source === 'hotline' ? hotline : officer,
): AddNote => ({ type: 'AddNote', noteId, source, sealed: `pd1.bm90ZQ.${noteId}`, actor, now });

export const refer = (
  now: string,
  to: ReferralTarget = 'labour-attache',
  overrides: Partial<Omit<ReferComplaint, 'type' | 'to' | 'now'>> = {},
): ReferComplaint => ({ type: 'ReferComplaint', to, actor: officer, now, ...overrides });

export const wagesRecovered: ResolveComplaint['remedy'] & Remedy = {
  kind: 'wages-recovered',
  amount: 7200,
  currency: 'SAR',
};

export const resolve = (
  now: string,
  outcome = 'resolved-in-favour',
  /** null: resolved without a remedy. */
  remedy: ResolveComplaint['remedy'] | null = wagesRecovered,
): ResolveComplaint => ({
  type: 'ResolveComplaint',
  outcome,
  ...(remedy ? { remedy } : {}),
  actor: officer,
  now,
});

export const close = (now: string): CloseComplaint => ({ type: 'CloseComplaint', actor: officer, now });

export const reopen = (
  now: string,
  reason = 'the employer stopped paying again',
  ruleSet = rules,
): ReopenComplaint => ({
  type: 'ReopenComplaint',
  reason: sealedText(reason),
  rules: ruleSet,
  actor: officer,
  now,
});

export const withdraw = (now: string, reason?: string, actor: Actor = hotline): WithdrawComplaint => ({
  type: 'WithdrawComplaint',
  ...(reason ? { reason: sealedText(reason) } : {}),
  actor,
  now,
});

export const erase = (now: string, reason = 'the complainant asked for erasure'): EraseComplainantData => ({
  type: 'EraseComplainantData',
  reason: sealedText(reason),
  actor: director,
  now,
});

export const flagOverdue = (now: string): FlagResponseOverdue => ({ type: 'FlagResponseOverdue', now });

// Events, as the commands above decide them.

export const triaged = (
  at: string,
  data: {
    categories?: ComplaintCategory[];
    indicators?: ForcedLabourIndicator[];
    traffickingSuspected?: boolean;
    severity: Severity;
    previousSeverity: Severity;
    respondBy: string;
    reason?: string | SealedText;
    by?: Actor;
  },
): ComplaintEventOf<'Triaged'> => ({
  type: E.Triaged,
  data: {
    categories: data.categories ?? ['withheld-wages', 'document-confiscation'],
    indicators: data.indicators ?? ['retention-of-identity-documents', 'withholding-of-wages'],
    traffickingSuspected: data.traffickingSuspected ?? false,
    severity: data.severity,
    previousSeverity: data.previousSeverity,
    respondBy: data.respondBy,
    reason:
      typeof data.reason === 'object' ? data.reason : sealedText(data.reason ?? 'confirmed on call-back'),
    by: data.by ?? officer,
    at,
  },
});

export const assigned = (
  at: string,
  assignee = secondOfficer.sub,
  by: Actor = officer,
): ComplaintEventOf<'Assigned'> => ({
  type: E.Assigned,
  data: { assignee, by, at },
});

export const noteAdded = (
  at: string,
  source: 'hotline' | 'officer' = 'officer',
  noteId = 'note-1',
  by: Actor = source === 'hotline' ? hotline : officer,
): ComplaintEventOf<'NoteAdded'> => ({
  type: E.NoteAdded,
  data: { noteId, source, sealed: `pd1.bm90ZQ.${noteId}`, by, at },
});

export const referred = (
  at: string,
  to: ReferralTarget = 'labour-attache',
  data: { country?: string; categories?: ComplaintCategory[]; severity?: Severity; note?: string } = {},
): ComplaintEventOf<'Referred'> => ({
  type: E.Referred,
  data: {
    reference,
    categories: data.categories ?? ['withheld-wages', 'document-confiscation'],
    severity: data.severity ?? 'high',
    to,
    country: data.country ?? 'SA',
    ...(data.note ? { note: sealedText(data.note) } : {}),
    by: officer,
    at,
  },
});

export const resolved = (
  at: string,
  outcome: ComplaintEventOf<'Resolved'>['data']['outcome'] = 'resolved-in-favour',
  /** null: resolved without a remedy. */
  remedy: Remedy | null = wagesRecovered,
): ComplaintEventOf<'Resolved'> => ({
  type: E.Resolved,
  data: { outcome, ...(remedy ? { remedy } : {}), by: officer, at },
});

export const closed = (at: string): ComplaintEventOf<'Closed'> => ({
  type: E.Closed,
  data: { by: officer, at },
});

export const reopened = (
  at: string,
  severity: Severity = 'high',
  respondBy = hoursAfter(at, rules.responseHours[severity]),
  reason = 'the employer stopped paying again',
): ComplaintEventOf<'Reopened'> => ({
  type: E.Reopened,
  data: { reason: sealedText(reason), severity, respondBy, by: officer, at },
});

export const withdrawn = (
  at: string,
  reason?: string,
  by: Actor = hotline,
): ComplaintEventOf<'Withdrawn'> => ({
  type: E.Withdrawn,
  data: { ...(reason ? { reason: sealedText(reason) } : {}), by, at },
});

export const responseOverdue = (
  at: string,
  respondBy = hoursAfter(lodgedAt, 72),
  severity: Severity = 'high',
): ComplaintEventOf<'ResponseOverdue'> => ({
  type: E.ResponseOverdue,
  data: { respondBy, severity, at },
});

export const erased = (
  at: string,
  reason = 'the complainant asked for erasure',
): ComplaintEventOf<'ComplainantDataErased'> => ({
  type: E.ComplainantDataErased,
  data: { subjectId, reason: sealedText(reason), by: director, at },
});

// A complaint in each status, each step a day after the one before.

export const day = (n: number): string => hoursAfter(lodgedAt, 24 * n);

const triagedEvent = triaged(day(0.5), {
  severity: 'high',
  previousSeverity: 'high',
  respondBy: hoursAfter(lodgedAt, 72),
});
const toTriaged: ComplaintEvent[] = [lodgedEvent, triagedEvent];
const toAssigned: ComplaintEvent[] = [...toTriaged, assigned(day(1))];
const toReferred: ComplaintEvent[] = [...toAssigned, referred(day(2))];
const toResolved: ComplaintEvent[] = [...toReferred, resolved(day(10))];
const toClosed: ComplaintEvent[] = [...toResolved, closed(day(11))];

/** The events that leave the default complaint in each status. */
export const inStatus: Record<ComplaintStatus, ComplaintEvent[]> = {
  lodged: [lodgedEvent],
  triaged: toTriaged,
  assigned: toAssigned,
  referred: toReferred,
  resolved: toResolved,
  closed: toClosed,
  reopened: [...toClosed, reopened(day(20))],
  withdrawn: [...toTriaged, withdrawn(day(1), 'my employer paid me')],
};

export const OPEN: ComplaintStatus[] = ['lodged', 'triaged', 'assigned', 'referred', 'reopened'];
export const FINISHED: ComplaintStatus[] = ['resolved', 'closed', 'withdrawn'];
