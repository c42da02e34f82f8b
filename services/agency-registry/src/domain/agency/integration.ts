import {
  AgencyApplicationRecorded,
  AgencyApplicationRejected,
  AgencyLicenceExpired,
  AgencyLicenceRenewed,
  AgencyLicensed,
  AgencyReinstated,
  AgencyRevoked,
  AgencySuspended,
  type IntegrationMessage,
  integrationMessage as message,
} from '@kazi/contracts';
import { type AgencyEvent, AgencyEventType as E, isAgencyEventType } from './events.ts';

/**
 * What other services hear of a stored agency event. Pure; the relay calls it for each event it forwards.
 * Directors' personal data never leaves the registry (a flag leaves as the revoked agency's id alone);
 * vetting checks are internal and publish nothing.
 */
export function toIntegrationEvents(
  event: { type: string; data: unknown },
  agencyId: string,
): IntegrationMessage[] {
  if (!isAgencyEventType(event.type)) return [];
  const e = event as AgencyEvent;
  switch (e.type) {
    case E.ApplicationRecorded: {
      const { name, registrationNumber, county, flags, at } = e.data;
      // Oversight scores an application whose director directed a revoked agency: it hears which
      // agencies (ids, once each, in the flags' order), never which director or by which id.
      const revokedAgencyIds = [...new Set(flags.map((flag) => flag.revokedAgencyId))];
      return [
        message(AgencyApplicationRecorded, {
          agencyId,
          name,
          registrationNumber,
          county,
          ...(revokedAgencyIds.length > 0 ? { directorOfRevokedAgency: { revokedAgencyIds } } : {}),
          at,
        }),
      ];
    }
    case E.VettingCheckRecorded:
      return [];
    case E.ApplicationRejected:
      return [message(AgencyApplicationRejected, { agencyId, reason: e.data.reason, at: e.data.at })];
    case E.LicenceIssued: {
      const { agencyName: name, registrationNumber, licenceNumber, validFrom, validUntil, at } = e.data;
      return [
        message(AgencyLicensed, {
          agencyId,
          name,
          registrationNumber,
          licenceNumber,
          validFrom,
          validUntil,
          at,
        }),
      ];
    }
    case E.LicenceRenewed: {
      const { licenceNumber, validUntil, at } = e.data;
      return [message(AgencyLicenceRenewed, { agencyId, licenceNumber, validUntil, at })];
    }
    case E.LicenceSuspended: {
      const { reason, until, at } = e.data;
      return [message(AgencySuspended, { agencyId, reason, ...(until ? { until } : {}), at })];
    }
    case E.LicenceReinstated:
      return [message(AgencyReinstated, { agencyId, at: e.data.at })];
    case E.LicenceRevoked:
      return [message(AgencyRevoked, { agencyId, reason: e.data.reason, at: e.data.at })];
    case E.LicenceExpired: {
      const { licenceNumber, validUntil, at } = e.data;
      return [message(AgencyLicenceExpired, { agencyId, licenceNumber, validUntil, at })];
    }
    case E.DirectorErased:
      // No other service ever received a director's data, so there is nothing for them to forget.
      return [];
    default: {
      const unhandled: never = e;
      void unhandled;
      return [];
    }
  }
}
