import type { Actor } from '@kazi/core';
import type { DirectorErasureReason, DirectorOfRevokedAgencyFlag, VettingOutcome } from './events.ts';
import type { RecordedLicenceApplication } from './licenceApplication.ts';

/**
 * Commands come from the application layer, built from input the HTTP layer already parsed with zod; their
 * parts are the schema-inferred types. Every command carries `now` (ISO time from the Clock); ids and
 * licence numbers are generated outside and passed in, so deciding stays pure.
 */

/** Licensing rules set by configuration (docs/design/domain.md: uncertain figures are configuration). */
export interface LicensingRules {
  /** Checks whose latest outcome must be a pass before approval (default: all seven). */
  requiredChecks: readonly string[];
  /** Months a licence (or a renewal) is valid: 12 today, 24 for renewals since 2024 in some sources. */
  validityMonths: number;
}

interface Acted {
  actor: Actor;
  now: string;
}

export interface RecordApplication extends Acted {
  type: 'RecordApplication';
  agencyId: string;
  /** Directors already sealed by the application layer: the decider never sees their names or ids. */
  application: RecordedLicenceApplication;
  /** Found by the application layer in a read model of revoked agencies' directors; become flags. */
  revokedDirectorMatches: Omit<DirectorOfRevokedAgencyFlag, 'kind'>[];
  /** Configuration: KES 1.5 million for foreign recruitment is cited, older sources say 500,000. */
  minGuaranteeKes: number;
}

export interface RecordVettingCheck extends Acted {
  type: 'RecordVettingCheck';
  /** One of VETTING_CHECK_NAMES; anything else is refused with 'unknown-vetting-check'. */
  check: string;
  outcome: VettingOutcome;
  note?: string;
}

export interface ApproveLicence extends Acted {
  type: 'ApproveLicence';
  /** Allocated by the application layer from the per-year licence sequence. */
  licenceNumber: string;
  rules: LicensingRules;
}

export interface RejectApplication extends Acted {
  type: 'RejectApplication';
  reason: string;
}

export interface RenewLicence extends Acted {
  type: 'RenewLicence';
  rules: Pick<LicensingRules, 'validityMonths'>;
}

export interface SuspendLicence extends Acted {
  type: 'SuspendLicence';
  reason: string;
  /** ISO date after today; without it the suspension lasts until reinstated. */
  until?: string;
}

export interface ReinstateLicence extends Acted {
  type: 'ReinstateLicence';
}

export interface RevokeLicence extends Acted {
  type: 'RevokeLicence';
  reason: string;
}

/**
 * Records that a director's personal data was erased (their key is destroyed by the application layer
 * first). Allowed in every status, revoked included; a director already erased here records nothing.
 */
export interface EraseDirector extends Acted {
  type: 'EraseDirector';
  /** The director's position in the application's `directors`. */
  directorIndex: number;
  reason: DirectorErasureReason;
  /** Free text, already sealed under the erasure's own subject. */
  note?: string;
}

/** From the clock-driven sweep: emits nothing unless the licence is licensed and lapsed (idempotent). */
export interface ExpireLicence {
  type: 'ExpireLicence';
  now: string;
}

/** From the clock-driven sweep: lifts a suspension whose `until` date has come; otherwise nothing. */
export interface EndSuspension {
  type: 'EndSuspension';
  now: string;
}

export type AgencyCommand =
  | RecordApplication
  | RecordVettingCheck
  | ApproveLicence
  | RejectApplication
  | RenewLicence
  | SuspendLicence
  | ReinstateLicence
  | RevokeLicence
  | ExpireLicence
  | EndSuspension
  | EraseDirector;
