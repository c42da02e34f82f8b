import { AgencyEventType } from '../domain/agency/events.ts';

/** Status an agency has after each event (events that do not change it are absent). */
export const STATUS_AFTER: Record<string, string> = {
  [AgencyEventType.ApplicationRecorded]: 'applied',
  [AgencyEventType.VettingCheckRecorded]: 'under-vetting',
  [AgencyEventType.ApplicationRejected]: 'rejected',
  [AgencyEventType.LicenceIssued]: 'licensed',
  [AgencyEventType.LicenceRenewed]: 'licensed',
  [AgencyEventType.LicenceSuspended]: 'suspended',
  [AgencyEventType.LicenceReinstated]: 'licensed',
  [AgencyEventType.LicenceRevoked]: 'revoked',
  [AgencyEventType.LicenceExpired]: 'expired',
};

export { AGENCY_STATUSES } from '../domain/agency/state.ts';

/** `agency.<id>` streams hold agencies; other streams of the context (sequences, claims) are skipped. */
export const agencyIdOf = (streamName: string): string | undefined =>
  streamName.startsWith('agency.') ? streamName.slice('agency.'.length) : undefined;
