import type { ApplicationInput } from './application.ts';
import type { Actor, DirectorOfRevokedAgencyFlag, VettingOutcome } from './events.ts';

/** Rules set by configuration (domain.md: make uncertain figures configuration). */
export interface LicensingRules {
  requiredChecks: readonly string[];
  validityMonths: number;
}

/** Every command carries `now` (ISO time from the Clock); ids and licence numbers come in from outside. */
export type AgencyCommand =
  | {
      type: 'RecordApplication';
      agencyId: string;
      application: ApplicationInput;
      /** Found by the application layer in a read model of revoked agencies' directors. */
      revokedDirectorMatches: Omit<DirectorOfRevokedAgencyFlag, 'kind'>[];
      minGuaranteeKes: number;
      actor: Actor;
      now: string;
    }
  | { type: 'RecordVettingCheck'; check: string; outcome: VettingOutcome; note?: string; actor: Actor; now: string }
  | { type: 'ApproveLicence'; licenceNumber: string; rules: LicensingRules; actor: Actor; now: string }
  | { type: 'RejectApplication'; reason: string; actor: Actor; now: string }
  | { type: 'RenewLicence'; rules: LicensingRules; actor: Actor; now: string }
  | { type: 'SuspendLicence'; reason: string; until?: string; actor: Actor; now: string }
  | { type: 'ReinstateLicence'; actor: Actor; now: string }
  | { type: 'RevokeLicence'; reason: string; actor: Actor; now: string }
  /** From the clock-driven sweep: emits nothing unless the licence is licensed and lapsed. */
  | { type: 'ExpireLicence'; now: string };
