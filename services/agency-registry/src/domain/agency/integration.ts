import {
  AgencyApplicationRecorded,
  AgencyApplicationRejected,
  AgencyLicenceExpired,
  AgencyLicenceRenewed,
  AgencyLicensed,
  AgencyReinstated,
  AgencyRevoked,
  AgencySuspended,
  type IntegrationEventDefinition,
} from '@kazi/contracts';
import { type AgencyEvent, AgencyEventType as E } from './events.ts';

/**
 * Which stored events other services hear of, and what they hear. Directors' personal data never leaves
 * the registry.
 */
export function toIntegrationEvents(
  event: { type: string; data: unknown },
  agencyId: string,
): Array<{ definition: IntegrationEventDefinition; data: unknown }> {
  const e = event as AgencyEvent;
  const base = { agencyId };
  switch (e.type) {
    case E.ApplicationRecorded:
      return [{ definition: AgencyApplicationRecorded, data: { agencyId, name: e.data.name, registrationNumber: e.data.registrationNumber, county: e.data.county, at: e.data.at } }];
    case E.ApplicationRejected:
      return [{ definition: AgencyApplicationRejected, data: { ...base, reason: e.data.reason, at: e.data.at } }];
    case E.LicenceIssued:
      return [{ definition: AgencyLicensed, data: { ...base, name: e.data.agencyName, registrationNumber: e.data.registrationNumber, licenceNumber: e.data.licenceNumber, validFrom: e.data.validFrom, validUntil: e.data.validUntil, at: e.data.at } }];
    case E.LicenceRenewed:
      return [{ definition: AgencyLicenceRenewed, data: { ...base, licenceNumber: e.data.licenceNumber, validUntil: e.data.validUntil, at: e.data.at } }];
    case E.LicenceSuspended:
      return [{ definition: AgencySuspended, data: { ...base, reason: e.data.reason, ...(e.data.until ? { until: e.data.until } : {}), at: e.data.at } }];
    case E.LicenceReinstated:
      return [{ definition: AgencyReinstated, data: { ...base, at: e.data.at } }];
    case E.LicenceRevoked:
      return [{ definition: AgencyRevoked, data: { ...base, reason: e.data.reason, at: e.data.at } }];
    case E.LicenceExpired:
      return [{ definition: AgencyLicenceExpired, data: { ...base, licenceNumber: e.data.licenceNumber, validUntil: e.data.validUntil, at: e.data.at } }];
    default:
      return [];
  }
}
