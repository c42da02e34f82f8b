import { z } from 'zod';
import { defineIntegrationEvent } from './integrationEvent.ts';

/**
 * What the agency registry tells other services. No personal data of directors leaves the registry, so
 * a director's erasure publishes nothing: no consumer holds anything to forget (ADR 0007). An
 * application says which revoked agencies its directors directed by those agencies' ids, never whom.
 */
const context = 'agency-registry';
const isoDate = z.iso.date();
const isoTime = z.iso.datetime({ offset: true });
/** Events after the application name the agency by id only; its name comes with recorded and licensed. */
const agency = { agencyId: z.string().min(1), at: isoTime };
const named = { ...agency, name: z.string().min(1) };

/**
 * The revoked agencies whose director is a director of this application (the registry's flags, ADR 0007):
 * their ids only. Which director matched, by which id, and the agencies' names stay in the registry; an
 * id of a revoked agency is an organisation's. Absent when no director matched, and in events published
 * before the field existed.
 */
export const directorOfRevokedAgencySchema = z.object({
  revokedAgencyIds: z
    .array(z.string().min(1))
    .min(1)
    .refine((ids) => new Set(ids).size === ids.length, 'names a revoked agency twice'),
});

export const AgencyApplicationRecorded = defineIntegrationEvent({
  type: 'ke.nea.agency-registry.agency-application-recorded.v1',
  context,
  description:
    'An agency applied for a licence (complaints match agency names against these); names the revoked agencies its directors directed, if any.',
  schema: z.object({
    ...named,
    registrationNumber: z.string(),
    county: z.string(),
    directorOfRevokedAgency: directorOfRevokedAgencySchema.optional(),
  }),
});

export const AgencyApplicationRejected = defineIntegrationEvent({
  type: 'ke.nea.agency-registry.agency-application-rejected.v1',
  context,
  description: 'The licensing committee rejected an application.',
  schema: z.object({ ...agency, reason: z.string() }),
});

export const AgencyLicensed = defineIntegrationEvent({
  type: 'ke.nea.agency-registry.agency-licensed.v1',
  context,
  description: 'A licence was issued.',
  schema: z.object({
    ...named,
    registrationNumber: z.string(),
    licenceNumber: z.string(),
    validFrom: isoDate,
    validUntil: isoDate,
  }),
});

export const AgencyLicenceRenewed = defineIntegrationEvent({
  type: 'ke.nea.agency-registry.agency-licence-renewed.v1',
  context,
  description: 'A licence was renewed to a new end date.',
  schema: z.object({ ...agency, licenceNumber: z.string(), validUntil: isoDate }),
});

export const AgencySuspended = defineIntegrationEvent({
  type: 'ke.nea.agency-registry.agency-suspended.v1',
  context,
  description: 'A licence was suspended, until a date or until reinstated.',
  schema: z.object({ ...agency, reason: z.string(), until: isoDate.optional() }),
});

export const AgencyReinstated = defineIntegrationEvent({
  type: 'ke.nea.agency-registry.agency-reinstated.v1',
  context,
  description: 'A suspension was lifted.',
  schema: z.object(agency),
});

export const AgencyRevoked = defineIntegrationEvent({
  type: 'ke.nea.agency-registry.agency-revoked.v1',
  context,
  description: 'A licence was revoked; final.',
  schema: z.object({ ...agency, reason: z.string() }),
});

export const AgencyLicenceExpired = defineIntegrationEvent({
  type: 'ke.nea.agency-registry.agency-licence-expired.v1',
  context,
  description: 'A licence lapsed without renewal.',
  schema: z.object({ ...agency, licenceNumber: z.string(), validUntil: isoDate }),
});

export const agencyRegistryEvents = [
  AgencyApplicationRecorded,
  AgencyApplicationRejected,
  AgencyLicensed,
  AgencyLicenceRenewed,
  AgencySuspended,
  AgencyReinstated,
  AgencyRevoked,
  AgencyLicenceExpired,
] as const;
