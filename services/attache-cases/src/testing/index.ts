/**
 * The attaché-cases service's test data, one entry point: route tests, end-to-end tests and the benchmark
 * build their cases and employers from these, so a valid body is written once (in the domains'
 * specFixtures.ts, where the domain's own specifications use them too).
 */
import { uniqueDigits } from '../domain/case/specFixtures.ts';
import type { CaseActionKind, ClosureOutcome, RepatriationStage } from '../domain/case/vocabulary.ts';
import type { VettingOutcome } from '../domain/employer/vocabulary.ts';

export {
  attache,
  caseBody,
  caseId,
  close,
  closed,
  complaintId,
  dateOf,
  day,
  director,
  erase,
  erased,
  noteAction,
  type Overridden,
  open,
  openCaseBody,
  opened,
  openedAt,
  openedEvent,
  openFromReferral,
  personalValues,
  referralActor,
  sealedText,
  secondAttache,
  stage,
  stageReached,
  subjectId,
  uniqueDigits,
  update,
  updated,
} from '../domain/case/specFixtures.ts';
export {
  attacheSa,
  employerBody,
  employerId,
  employerName,
  neaDirector,
  register,
  registered,
  registeredEvent,
  secondAttacheSa,
  vet,
  vetted,
} from '../domain/employer/specFixtures.ts';

/** A client-made updateId no other call in this process returns (an app makes one per change). */
export const newUpdateId = (): string => `update-${uniqueDigits()}`;

/** The fields every change route takes: the version the change was based on, and a fresh updateId. */
const changeFields = (expectedVersion: number, updateId: string = newUpdateId()) => ({
  expectedVersion,
  updateId,
});

const actionBodies: Record<CaseActionKind, Record<string, unknown>> = {
  note: { note: 'Called the worker: she is safe and eating.' },
  'employer-contacted': { note: 'The employer promised to pay by Friday.' },
  hearing: { forum: 'labour-office', outcome: 'adjourned' },
  'shelter-admission': {},
  'shelter-discharge': {},
  'wages-recovered': { amount: 7200, currency: 'SAR' },
  'lawyer-referral': {},
  'remains-disposition': {
    disposition: 'repatriation-of-remains',
    familyConsent: { date: '2026-03-02', relation: 'parent' },
  },
};

/** A POST /cases/:id/updates body of `action` (a note by default); overrides replace top-level fields. */
export const caseUpdateBody = (
  expectedVersion: number,
  action: CaseActionKind = 'note',
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({
  action,
  ...actionBodies[action],
  ...changeFields(expectedVersion),
  ...overrides,
});

/** A POST /cases/:id/repatriation body: arrival safe and dignified, abandonment with a reason. */
export const repatriationBody = (
  expectedVersion: number,
  stage: RepatriationStage = 'planned',
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({
  stage,
  ...(stage === 'arrived' ? { safeAndDignified: true } : {}),
  ...(stage === 'abandoned' ? { reason: 'The worker chose to stay with a new employer.' } : {}),
  ...changeFields(expectedVersion),
  ...overrides,
});

/** A POST /cases/:id/closure body. */
export const closureBody = (
  expectedVersion: number,
  outcome: ClosureOutcome = 'resolved',
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({ outcome, ...changeFields(expectedVersion), ...overrides });

/** A POST /employers/:id/vetting body. */
export const vettingBody = (
  outcome: VettingOutcome = 'flagged',
  reason = 'Two workers report wages paid late.',
): { outcome: VettingOutcome; reason: string } => ({ outcome, reason });
