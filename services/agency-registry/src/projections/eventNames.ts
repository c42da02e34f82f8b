import type { RecordedEvent } from '@kazi/eventsourcing';
import {
  type AgencyEvent,
  type AgencyEventTypeName,
  AgencyEventType as E,
  isAgencyEventType,
} from '../domain/agency/events.ts';
import type { AgencyStatus } from '../domain/agency/state.ts';

/** Status an agency has after each event (events that do not change it are absent). */
const STATUS_AFTER: Partial<Record<AgencyEventTypeName, AgencyStatus>> = {
  [E.ApplicationRecorded]: 'applied',
  [E.VettingCheckRecorded]: 'under-vetting',
  [E.ApplicationRejected]: 'rejected',
  [E.LicenceIssued]: 'licensed',
  [E.LicenceRenewed]: 'licensed',
  [E.LicenceSuspended]: 'suspended',
  [E.LicenceReinstated]: 'licensed',
  [E.LicenceRevoked]: 'revoked',
  [E.LicenceExpired]: 'expired',
};

/** The status an agency has after the event, or undefined when the event does not change it. */
export const statusAfter = (event: AgencyEvent): AgencyStatus | undefined => STATUS_AFTER[event.type];

export { AGENCY_STATUSES } from '../domain/agency/state.ts';

/** `agency.<id>` streams hold agencies; other streams of the context (sequences, claims) are skipped. */
export const agencyIdOf = (streamName: string): string | undefined =>
  streamName.startsWith('agency.') ? streamName.slice('agency.'.length) : undefined;

/**
 * An agency's event as the projections read it: its id and the event typed by its type (the data as
 * recorded, not parsed again), or undefined for another stream's commit or a type this code does not know.
 */
export function agencyEventOf(recorded: RecordedEvent): { id: string; event: AgencyEvent } | undefined {
  const id = agencyIdOf(recorded.streamName);
  if (!id || !isAgencyEventType(recorded.type)) return undefined;
  return { id, event: { type: recorded.type, data: recorded.data } as AgencyEvent };
}
