import type { ApplicationInput } from './application.ts';

/** Domain events of an agency. Wire names are data (`ke.nea.agency-registry.<event>.v1`), not type names. */
const wire = <E extends string>(event: E) => `ke.nea.agency-registry.${event}.v1` as const;

export const AgencyEventType = {
  ApplicationRecorded: wire('application-recorded'),
  VettingCheckRecorded: wire('vetting-check-recorded'),
  ApplicationRejected: wire('application-rejected'),
  LicenceIssued: wire('licence-issued'),
  LicenceRenewed: wire('licence-renewed'),
  LicenceSuspended: wire('licence-suspended'),
  LicenceReinstated: wire('licence-reinstated'),
  LicenceRevoked: wire('licence-revoked'),
  LicenceExpired: wire('licence-expired'),
} as const;

export interface Actor {
  sub: string;
  name: string;
}

export interface DirectorOfRevokedAgencyFlag {
  kind: 'director-of-revoked-agency';
  revokedAgencyId: string;
  revokedAgencyName: string;
  /** Which id matched: `nid:<national id>` or `pp:<passport>`. */
  director: string;
}

export type VettingOutcome = 'pass' | 'fail';

type Ev<T extends string, D> = { type: T; data: D };

export type AgencyEvent =
  | Ev<typeof AgencyEventType.ApplicationRecorded, ApplicationInput & { agencyId: string; flags: DirectorOfRevokedAgencyFlag[]; recordedBy: Actor; at: string }>
  | Ev<typeof AgencyEventType.VettingCheckRecorded, { check: string; outcome: VettingOutcome; note?: string; officer: Actor; at: string }>
  | Ev<typeof AgencyEventType.ApplicationRejected, { reason: string; by: Actor; at: string }>
  | Ev<typeof AgencyEventType.LicenceIssued, { agencyName: string; registrationNumber: string; licenceNumber: string; validFrom: string; validUntil: string; approvedBy: Actor; at: string }>
  | Ev<typeof AgencyEventType.LicenceRenewed, { licenceNumber: string; validUntil: string; by: Actor; at: string }>
  | Ev<typeof AgencyEventType.LicenceSuspended, { reason: string; until?: string; by: Actor; at: string }>
  | Ev<typeof AgencyEventType.LicenceReinstated, { by: Actor; at: string }>
  | Ev<typeof AgencyEventType.LicenceRevoked, { reason: string; by: Actor; at: string }>
  | Ev<typeof AgencyEventType.LicenceExpired, { licenceNumber: string; validUntil: string; at: string }>;
