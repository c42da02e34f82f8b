/** Wire names of the registry's domain events that its read models follow. */
const name = (event: string) => `ke.nea.agency-registry.${event}.v1`;

export const AGENCY_EVENTS = {
  applicationRecorded: name('application-recorded'),
  vettingCheckRecorded: name('vetting-check-recorded'),
  applicationRejected: name('application-rejected'),
  licenceIssued: name('licence-issued'),
  licenceRenewed: name('licence-renewed'),
  licenceSuspended: name('licence-suspended'),
  licenceReinstated: name('licence-reinstated'),
  licenceRevoked: name('licence-revoked'),
  licenceExpired: name('licence-expired'),
} as const;

/** Status an agency has after each event (events that do not change it are absent). */
export const STATUS_AFTER: Record<string, string> = {
  [AGENCY_EVENTS.applicationRecorded]: 'applied',
  [AGENCY_EVENTS.vettingCheckRecorded]: 'under-vetting',
  [AGENCY_EVENTS.applicationRejected]: 'rejected',
  [AGENCY_EVENTS.licenceIssued]: 'licensed',
  [AGENCY_EVENTS.licenceRenewed]: 'licensed',
  [AGENCY_EVENTS.licenceSuspended]: 'suspended',
  [AGENCY_EVENTS.licenceReinstated]: 'licensed',
  [AGENCY_EVENTS.licenceRevoked]: 'revoked',
  [AGENCY_EVENTS.licenceExpired]: 'expired',
};

export const AGENCY_STATUSES = [
  'applied',
  'under-vetting',
  'licensed',
  'rejected',
  'suspended',
  'revoked',
  'expired',
] as const;

/** `agency.<id>` streams hold agencies; other streams of the context (sequences, claims) are skipped. */
export const agencyIdOf = (streamName: string): string | undefined =>
  streamName.startsWith('agency.') ? streamName.slice('agency.'.length) : undefined;
