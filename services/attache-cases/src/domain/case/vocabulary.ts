export { AGE_BANDS, type AgeBand, SEXES, type Sex } from '@kazi/contracts';
/**
 * The words of the attaché-cases context (docs/design/domain.md and api.md). Lists, not free text: read models,
 * filters and statistics group by them.
 */
export const CASE_TYPES = [
  'labour-dispute',
  'legal-assistance',
  'welfare-check',
  'rescue-shelter',
  'repatriation',
  'death-case',
  'employer-vetting',
] as const;

export const CASE_STATUSES = ['open', 'closed'] as const;

/** What an attaché records on an open case (POST /cases/:id/updates `action`). */
export const CASE_ACTIONS = [
  'note',
  'employer-contacted',
  'hearing',
  'shelter-admission',
  'shelter-discharge',
  'wages-recovered',
  'lawyer-referral',
  /** A death case: repatriation of the remains or burial abroad, with the family's consent. */
  'remains-disposition',
] as const;

/** Where a hearing took place: the host country's labour court or its labour office (amicable settlement). */
export const HEARING_FORUMS = ['labour-court', 'labour-office'] as const;

export const HEARING_OUTCOMES = [
  'adjourned',
  'settled',
  'decided-for-worker',
  'decided-for-employer',
  'dismissed',
  'referred-to-court',
] as const;

/** In order; `abandoned` may follow any stage before arrival, and a new plan may follow an abandonment. */
export const REPATRIATION_STAGES = [
  'planned',
  'documents-ready',
  'departed',
  'arrived',
  'abandoned',
] as const;

export const REMAINS_DISPOSITIONS = ['repatriation-of-remains', 'burial-abroad'] as const;

/** Who in the family consented: the relation only (the person's name would be personal data of theirs). */
export const FAMILY_RELATIONS = ['spouse', 'parent', 'child', 'sibling', 'other-relative'] as const;

export const CLOSURE_OUTCOMES = [
  'resolved',
  'partially-resolved',
  'referred-to-court',
  'worker-returned',
  'worker-unreachable',
  'deceased',
] as const;

/** Age bands of the national indicators (as the complaints service counts them). */

export type CaseType = (typeof CASE_TYPES)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CaseActionKind = (typeof CASE_ACTIONS)[number];
export type HearingForum = (typeof HEARING_FORUMS)[number];
export type HearingOutcome = (typeof HEARING_OUTCOMES)[number];
export type RepatriationStage = (typeof REPATRIATION_STAGES)[number];
export type RemainsDisposition = (typeof REMAINS_DISPOSITIONS)[number];
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];
