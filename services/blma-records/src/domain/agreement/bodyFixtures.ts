/**
 * Valid request bodies (docs/design/api.md, request bodies), written once for the route tests, the
 * end-to-end tests and the domain's input specifications; the service's testing entry exports them.
 * Overrides replace whole top-level fields (and may change a field's type, to build an invalid body).
 */
import type { RecordAgreementInput } from './input.ts';
import {
  amendedProvisions,
  amendmentSummary,
  attendees,
  decisions,
  findings,
  provisions,
  sectors,
} from './specFixtures.ts';
import type { ReviewRecommendation } from './vocabulary.ts';

/** `base` with `overrides` laid over it; an override may change a field's type. */
export type Overridden<T, O> = Omit<T, keyof O> & O;
type Body = Record<string, unknown>;

/** A valid POST /blmas body: an agreement with Qatar on nurses and midwives, four provisions. */
export function agreementBody<O extends Body = Record<never, never>>(
  overrides: O = {} as O,
): Overridden<RecordAgreementInput, O> {
  const body: RecordAgreementInput = {
    partnerCountry: 'QA',
    title: 'Agreement on the employment of Kenyan health workers in Qatar',
    kind: 'bilateral-labour-agreement',
    sectors,
    provisions,
    notes: 'Test data.',
  };
  return { ...body, ...overrides } as Overridden<RecordAgreementInput, O>;
}

/** POST /blmas/:id/signature. */
export const signatureBody = (expectedVersion: number, date = '2026-01-20', overrides: Body = {}): Body => ({
  date,
  expectedVersion,
  ...overrides,
});

/** POST /blmas/:id/entry-into-force: in force from `date`, a review due a year later, for five years. */
export const entryIntoForceBody = (
  expectedVersion: number,
  date = '2026-02-01',
  overrides: Body = {},
): Body => ({
  date,
  reviewDue: '2027-02-01',
  expiry: '2031-01-31',
  expectedVersion,
  ...overrides,
});

/** POST /blmas/:id/amendment: rest days added, the fees provision reworded. */
export const amendmentBody = (expectedVersion: number, date = '2026-06-01', overrides: Body = {}): Body => ({
  date,
  summary: amendmentSummary,
  provisions: amendedProvisions,
  expectedVersion,
  ...overrides,
});

/** POST /blmas/:id/review. */
export const reviewBody = (
  expectedVersion: number,
  date = '2027-02-10',
  recommendation: ReviewRecommendation = 'renew',
  overrides: Body = {},
): Body => ({ date, findings, recommendation, expectedVersion, ...overrides });

/** POST /blmas/:id/expiry and /termination. */
export const endingBody = (expectedVersion: number, date = '2026-09-01', overrides: Body = {}): Body => ({
  date,
  reason: 'Both parties agreed to replace it with a new agreement.',
  expectedVersion,
  ...overrides,
});

/** POST /blmas/:id/committee-meetings: two institutions met and decided two actions. */
export const committeeMeetingBody = (date = '2026-03-10', overrides: Body = {}): Body => ({
  date,
  attendees,
  decisions,
  ...overrides,
});

/** What an upload says of its file besides the bytes. */
export const documentBody = (overrides: Body = {}): Body => ({
  kind: 'signed-text',
  fileName: 'agreement-qatar-2026.pdf',
  mediaType: 'application/pdf',
  ...overrides,
});
