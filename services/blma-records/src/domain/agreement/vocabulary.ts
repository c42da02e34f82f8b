/**
 * The words of the BLMA-records context (docs/design/domain.md and api.md). Lists, not free text: read
 * models, filters and the oversight indicators group by them.
 */
export const AGREEMENT_KINDS = ['bilateral-labour-agreement', 'mou', 'partnership'] as const;

/**
 * negotiating → signed → in-force ⇄ under-review, then expired or terminated (both final). An amendment
 * returns an agreement under review to in-force.
 */
export const AGREEMENT_STATUSES = [
  'negotiating',
  'signed',
  'in-force',
  'under-review',
  'expired',
  'terminated',
] as const;

/** The protections an agreement may give, each recorded with its text. */
export const PROVISION_KINDS = [
  'passport-retention-prohibited',
  /** Wages paid monthly into the worker's bank account. */
  'wage-protection',
  'maximum-hours',
  'rest-days',
  'medical-cover',
  'contract-attestation',
  /** Who pays the recruitment costs (the employer, under the Employer Pays Principle). */
  'recruitment-fees',
  'dispute-resolution',
  'repatriation',
  'joint-committee',
  'other',
] as const;

export const REVIEW_RECOMMENDATIONS = ['renew', 'amend', 'terminate'] as const;

/** An action decided by a joint committee: open until done, overdue once its due day has passed. */
export const ACTION_STATUSES = ['open', 'done', 'overdue'] as const;

export const DOCUMENT_KINDS = ['signed-text', 'minutes', 'other'] as const;

export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export type ProvisionKind = (typeof PROVISION_KINDS)[number];
export type ReviewRecommendation = (typeof REVIEW_RECOMMENDATIONS)[number];
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
