export { AGE_BANDS, type AgeBand, SEXES, type Sex } from '@kazi/contracts';
/**
 * The words of the complaints context (docs/design/domain.md, docs/design/api.md). Lists, not free text: read models, filters and
 * statistics group by them.
 */
export const COMPLAINT_CATEGORIES = [
  'withheld-wages',
  'document-confiscation',
  'contract-substitution',
  'recruitment-fees',
  'physical-abuse',
  'sexual-abuse',
  'confinement',
  'excessive-hours',
  'denied-medical-care',
  'poor-living-conditions',
  'stranded',
  'death',
  'unlicensed-recruiter',
  'other',
] as const;

/** The ILO's 11 indicators of forced labour; triage is expressed in them. */
export const FORCED_LABOUR_INDICATORS = [
  'abuse-of-vulnerability',
  'deception',
  'restriction-of-movement',
  'isolation',
  'physical-and-sexual-violence',
  'intimidation-and-threats',
  'retention-of-identity-documents',
  'withholding-of-wages',
  'debt-bondage',
  'abusive-working-and-living-conditions',
  'excessive-overtime',
] as const;

/** Most severe first: the queue's order. */
export const SEVERITIES = ['critical', 'high', 'normal'] as const;

export const COMPLAINT_STATUSES = [
  'lodged',
  'triaged',
  'assigned',
  'referred',
  'resolved',
  'closed',
  'reopened',
  'withdrawn',
] as const;

/** Statuses in which someone still has to act: the default queue. */
export const OPEN_STATUSES = ['lodged', 'triaged', 'assigned', 'referred', 'reopened'] as const;

/** Age bands of the national indicators; a date of birth is reduced to one at lodging. */

export const LANGUAGES = ['en', 'sw'] as const;

export const REFERRAL_TARGETS = ['labour-attache', 'counter-trafficking', 'police'] as const;

export const RESOLUTION_OUTCOMES = [
  'resolved-in-favour',
  'partially-resolved',
  'not-substantiated',
  'outside-mandate',
  'complainant-unreachable',
] as const;

export const REMEDY_KINDS = [
  'wages-recovered',
  'documents-returned',
  'repatriated',
  'compensation-paid',
  'contract-honoured',
  'other',
] as const;

export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export type ForcedLabourIndicator = (typeof FORCED_LABOUR_INDICATORS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number];
