/**
 * The case's test data, written once: a POST /cases body, the opening command and event, and a builder for
 * each change and the event it decides. Every command carries its `now`, every event its own time, so a
 * wrong timestamp shows. The service exports these from its testing entry (src/testing/index.ts); they
 * live here so that the domain's own specifications use them without reaching out of the domain folder.
 */

import type { Actor } from '@kazi/core';
import type {
  CaseChange,
  CloseCase,
  EraseWorkerData,
  OpenCase,
  RecordCaseUpdate,
  RecordRepatriationStage,
  RecordWorkerDetails,
} from './commands.ts';
import { type CaseAction, type CaseEventOf, CaseEventType as E, type SealedText } from './events.ts';
import {
  type OpenCaseInput,
  openCaseInputSchema,
  type WorkerPersonalData,
  workerPersonalDataOf,
} from './input.ts';
import type { ClosureOutcome } from './vocabulary.ts';

export const caseId = 'case-1';
export const subjectId = `worker:${caseId}`;
export const complaintId = 'complaint-1';
export const employerId = 'employer-1';

export const attache: Actor = { sub: 'attache-sa-1', name: 'Halima Yusuf' };
export const secondAttache: Actor = { sub: 'attache-sa-2', name: 'Otieno Barasa' };
export const director: Actor = { sub: 'director-1', name: 'Njeri Wambui' };
/** Who opens a case from a referred complaint: the service itself. */
export const referralActor: Actor = { sub: 'attache-cases', name: 'complaint referral' };

/** An ISO time `hours` after `iso` (negative: before). */
export const hoursAfter = (iso: string, hours: number): string =>
  new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

/** When the case is opened. */
export const openedAt = '2026-03-02T08:00:00.000Z';
/** `n` days after the opening, as an instant… */
export const day = (n: number): string => hoursAfter(openedAt, 24 * n);
/** …and as the calendar day an attaché gives. */
export const dateOf = (n: number): string => day(n).slice(0, 10);

/**
 * A free text as the application seals it: opaque, shaped like the vault's `pd2.<iv>.<ciphertext>`, and
 * different for each text, so an event that kept the wrong one shows.
 */
export const sealedText = (text: string): SealedText => ({
  sealed: `pd2.dGV4dA.${Buffer.from(text, 'utf8').toString('base64url')}`,
});

/** The sealed personal data of the worker: opaque. */
export const sealedWorker = 'pd2.d29ya2Vy.c2VhbGVkLXBlcnNvbmFsLWRhdGEtb2YtdGhlLXdvcmtlcg';

/**
 * A run-unique prefix (no node:crypto here: the domain folder imports nothing but the core, contracts and
 * zod), so every worker's personal data differs and a leak can be traced to its test.
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
 * A valid POST /cases body: a domestic worker in Riyadh, her wages withheld, whose name, passport number
 * and phone are made of `digits` (run-unique by default; up to 9 digits keep them valid). Overrides
 * replace whole top-level fields.
 */
export function openCaseBody<O extends Record<string, unknown> = Record<never, never>>(
  overrides: O = {} as O,
  digits: string = uniqueDigits(),
): Overridden<OpenCaseInput, O> {
  const body: OpenCaseInput = {
    type: 'labour-dispute',
    country: 'SA',
    worker: {
      fullName: `Mary Atieno ${digits}`,
      sex: 'female',
      dateOfBirth: '1996-04-12',
      passportNumber: `AK${digits}`,
      phone: `+25471${digits}`,
      occupation: '9111',
      whereabouts: `Villa ${digits}, Al Olaya, Riyadh`,
    },
    employer: { name: 'Al-Noor Household Services', country: 'SA' },
    summary: `Salary not paid for four months (case ${digits}).`,
  };
  return { ...body, ...overrides } as Overridden<OpenCaseInput, O>;
}

/** The body the domain's specifications share: fixed, so its values can be looked for on the wire. */
export const caseBody = openCaseBody(
  {
    worker: {
      fullName: 'Amina Wanjiku Mwangi',
      sex: 'female',
      dateOfBirth: '1998-06-15',
      passportNumber: 'AK7654321',
      phone: '+254722000111',
      occupation: '9111',
      whereabouts: 'Villa 12, Al Olaya, Riyadh',
    },
  },
  '0000000',
);

/** The same body, as the application receives it. */
export const caseInput = openCaseInputSchema.parse(caseBody);

/** What is sealed under the worker's key: what no event may hold in the clear. */
export const personalData: WorkerPersonalData = workerPersonalDataOf(caseInput.worker);

/** Every value of the worker's personal data and free text, as it could appear in the clear. */
export const personalValues: string[] = [...Object.values(personalData), caseBody.summary];

/** The opening the attaché's POST /cases decides on (her employer typed in by name). */
export const open = (overrides: Partial<Omit<OpenCase, 'type'>> = {}): OpenCase => ({
  type: 'OpenCase',
  caseId,
  caseType: 'labour-dispute',
  country: 'SA',
  worker: { subjectId, sealed: sealedWorker, sex: 'female', dateOfBirth: '1998-06-15', occupation: '9111' },
  employer: { name: 'Al-Noor Household Services', country: 'SA' },
  summary: sealedText(caseBody.summary),
  actor: attache,
  now: openedAt,
  ...overrides,
});

/** The opening from a complaint referred to the labour attaché: no personal data, the complaint linked. */
export const openFromReferral = (overrides: Partial<Omit<OpenCase, 'type'>> = {}): OpenCase => ({
  type: 'OpenCase',
  caseId: `referral:${complaintId}:SA`,
  caseType: 'labour-dispute',
  country: 'SA',
  complaintId,
  worker: { subjectId: `worker:referral:${complaintId}:SA`, sex: 'female', ageBand: '25-34' },
  actor: referralActor,
  now: openedAt,
  ...overrides,
});

type OpenedData = CaseEventOf<'Opened'>['data'];

/** The opened event of the default opening: a 27-year-old (born 15 June 1998) domestic worker in Riyadh. */
export const opened = (overrides: Partial<OpenedData> = {}): CaseEventOf<'Opened'> => ({
  type: E.Opened,
  data: {
    caseId,
    caseType: 'labour-dispute',
    country: 'SA',
    worker: { subjectId, sealed: sealedWorker, sex: 'female', ageBand: '25-34', occupation: '9111' },
    employer: { name: 'Al-Noor Household Services', country: 'SA' },
    flags: [],
    summary: sealedText(caseBody.summary),
    openedBy: attache,
    at: openedAt,
    ...overrides,
  },
});

export const openedEvent = opened();

/** The default case, opened as a death case (the worker died in Riyadh). */
export const openedDeathCase = opened({ caseType: 'death-case' });

// Changes: each has its updateId and fingerprint, numbered so a test can make a resend or a reuse.

/** The change fields of the `n`th change; `fingerprintOf` another request than the first under that id. */
export const changeOf = (n: number, fingerprintOf = 'a'): Pick<CaseChange, 'updateId' | 'fingerprint'> => ({
  updateId: `update-${n}`,
  fingerprint: `fp-${n}-${fingerprintOf}`,
});

interface ChangeOptions {
  /** Which change this is: its updateId and fingerprint (1 by default). */
  n?: number;
  /** A different request under the same updateId. */
  other?: string;
  actor?: Actor;
}

const changeFields = (now: string, { n = 1, other = 'a', actor = attache }: ChangeOptions) => ({
  ...changeOf(n, other),
  actor,
  now,
});

const eventFields = (at: string, { n = 1, other = 'a', actor = attache }: ChangeOptions) => ({
  ...changeOf(n, other),
  by: actor,
  at,
});

export const noteAction = (text = 'called the employer, no answer'): CaseAction => ({
  kind: 'note',
  note: sealedText(text),
});

export const update = (now: string, action: CaseAction, options: ChangeOptions = {}): RecordCaseUpdate => ({
  type: 'RecordCaseUpdate',
  action,
  ...changeFields(now, options),
});

export const updated = (
  at: string,
  action: CaseAction,
  options: ChangeOptions = {},
): CaseEventOf<'UpdateRecorded'> => ({
  type: E.UpdateRecorded,
  data: { action, ...eventFields(at, options) },
});

type StageFields =
  | { stage: 'planned' | 'documents-ready' | 'departed' }
  | { stage: 'arrived'; safeAndDignified: boolean }
  | { stage: 'abandoned'; reason?: SealedText };

export const stage = (
  now: string,
  fields: StageFields,
  date: string = now.slice(0, 10),
  options: ChangeOptions = {},
): RecordRepatriationStage => ({
  type: 'RecordRepatriationStage',
  date,
  ...fields,
  ...changeFields(now, options),
});

export const stageReached = (
  at: string,
  data: Omit<
    CaseEventOf<'RepatriationStageReached'>['data'],
    'updateId' | 'fingerprint' | 'by' | 'at' | 'date'
  > & {
    date?: string;
  },
  options: ChangeOptions = {},
): CaseEventOf<'RepatriationStageReached'> => ({
  type: E.RepatriationStageReached,
  data: { date: at.slice(0, 10), ...data, ...eventFields(at, options) },
});

export const close = (
  now: string,
  outcome: ClosureOutcome = 'resolved',
  options: ChangeOptions & { note?: string } = {},
): CloseCase => ({
  type: 'CloseCase',
  outcome,
  ...(options.note ? { note: sealedText(options.note) } : {}),
  ...changeFields(now, options),
});

export const closed = (
  at: string,
  outcome: ClosureOutcome = 'resolved',
  options: ChangeOptions & { note?: string; complaintId?: string } = {},
): CaseEventOf<'Closed'> => ({
  type: E.Closed,
  data: {
    outcome,
    ...(options.note ? { note: sealedText(options.note) } : {}),
    ...(options.complaintId ? { complaintId: options.complaintId } : {}),
    ...eventFields(at, options),
  },
});

/** The worker's details as an attaché adds them to a referred case (sealed: opaque, like the opening's). */
export const sealedDetails = 'pd2.ZGV0YWls.c2VhbGVkLWRldGFpbHMtb2YtdGhlLXdvcmtlcg';

export const recordDetails = (
  now: string,
  worker: Partial<RecordWorkerDetails['worker']> = {},
  options: ChangeOptions = {},
): RecordWorkerDetails => ({
  type: 'RecordWorkerDetails',
  worker: { sealed: sealedDetails, sex: 'female', dateOfBirth: '1998-06-15', occupation: '9111', ...worker },
  ...changeFields(now, options),
});

export const detailsRecorded = (
  at: string,
  worker: Partial<CaseEventOf<'WorkerDetailsRecorded'>['data']['worker']> = {},
  options: ChangeOptions = {},
): CaseEventOf<'WorkerDetailsRecorded'> => ({
  type: E.WorkerDetailsRecorded,
  data: {
    worker: { sealed: sealedDetails, sex: 'female', ageBand: '25-34', occupation: '9111', ...worker },
    ...eventFields(at, options),
  },
});

export const erase = (now: string, reason = 'the worker asked for erasure'): EraseWorkerData => ({
  type: 'EraseWorkerData',
  reason: sealedText(reason),
  actor: director,
  now,
});

export const erased = (
  at: string,
  reason = 'the worker asked for erasure',
): CaseEventOf<'WorkerDataErased'> => ({
  type: E.WorkerDataErased,
  data: { subjectId, reason: sealedText(reason), by: director, at },
});
