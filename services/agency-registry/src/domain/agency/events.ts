import { actorSchema, type EventsOf, eventParser, eventTypeGuard } from '@kazi/core';
import { z } from 'zod';
import { recordedLicenceApplicationSchema } from './licenceApplication.ts';

/**
 * Domain events of an agency, stored in its stream `agency.<id>`. Each event's data is a zod schema and
 * its TypeScript type is inferred from it. The wire name (`ke.nea.agency-registry.<event>.v1`) is data,
 * separate from the TypeScript name: a breaking change is a new `.vN`, never an edit of a stored shape.
 */
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
  DirectorErased: wire('director-erased'),
} as const;

/**
 * Why a director's personal data was erased (Data Protection Act 2019, s. 40): a code, never free text,
 * so the lasting record of the erasure names no one. Free text goes in a separately sealed note.
 */
export const DIRECTOR_ERASURE_REASONS = [
  'data-subject-request',
  'no-longer-necessary',
  'inaccurate',
  'unlawfully-processed',
  'regulator-order',
] as const;

/** The seven checks of the vetting committee (docs/design/domain.md); which of them are required is configuration. */
export const VETTING_CHECK_NAMES = [
  'business-registration',
  'tax-compliance',
  'directors-police-clearance',
  'office-inspection',
  'security-guarantee',
  'association-membership',
  'code-of-conduct',
] as const;

const isoTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

export const directorErasureReasonSchema = z.enum(DIRECTOR_ERASURE_REASONS);
export const vettingCheckNameSchema = z.enum(VETTING_CHECK_NAMES);
export const vettingOutcomeSchema = z.enum(['pass', 'fail']);

/** A director of the new application who was a director of a revoked agency (docs/design/domain.md: must be flagged). */
export const directorOfRevokedAgencyFlagSchema = z.object({
  kind: z.literal('director-of-revoked-agency'),
  revokedAgencyId: z.string().min(1),
  revokedAgencyName: z.string(),
  /** Which director of this application matched: their position in `directors`… */
  directorIndex: z.number().int().min(0),
  /** …and by which id: its keyed hash, one of that director's `fingerprints`. */
  fingerprint: z.string().min(1),
});

export const agencyEventDataSchemas = {
  [AgencyEventType.ApplicationRecorded]: z.object({
    ...recordedLicenceApplicationSchema.shape,
    agencyId: z.string().min(1),
    flags: z.array(directorOfRevokedAgencyFlagSchema),
    recordedBy: actorSchema,
    at: isoTime,
  }),
  [AgencyEventType.VettingCheckRecorded]: z.object({
    check: vettingCheckNameSchema,
    outcome: vettingOutcomeSchema,
    note: z.string().optional(),
    officer: actorSchema,
    at: isoTime,
  }),
  [AgencyEventType.ApplicationRejected]: z.object({ reason: z.string(), by: actorSchema, at: isoTime }),
  [AgencyEventType.LicenceIssued]: z.object({
    // Name and registration number travel with the licence so the integration event needs no state.
    agencyName: z.string(),
    registrationNumber: z.string(),
    licenceNumber: z.string().min(1),
    validFrom: isoDate,
    validUntil: isoDate,
    approvedBy: actorSchema,
    at: isoTime,
  }),
  [AgencyEventType.LicenceRenewed]: z.object({
    licenceNumber: z.string(),
    validUntil: isoDate,
    by: actorSchema,
    at: isoTime,
  }),
  [AgencyEventType.LicenceSuspended]: z.object({
    reason: z.string(),
    until: isoDate.optional(),
    by: actorSchema,
    at: isoTime,
  }),
  [AgencyEventType.LicenceReinstated]: z.object({ by: actorSchema, at: isoTime }),
  [AgencyEventType.LicenceRevoked]: z.object({ reason: z.string(), by: actorSchema, at: isoTime }),
  [AgencyEventType.LicenceExpired]: z.object({ licenceNumber: z.string(), validUntil: isoDate, at: isoTime }),
  /**
   * Recorded after the director's key was destroyed. `fingerprints` are the director's, so the read models
   * know which to forget (ADR 0007); `note` is free text sealed under a subject of its own
   * (`director-erasure:<agencyId>:<index>`), never under the erased director's key.
   */
  [AgencyEventType.DirectorErased]: z.object({
    directorIndex: z.number().int().min(0),
    subject: z.string().min(1),
    fingerprints: z.array(z.string().min(1)),
    reason: directorErasureReasonSchema,
    note: z.string().min(1).optional(),
    by: actorSchema,
    at: isoTime,
  }),
} as const;

type Schemas = typeof agencyEventDataSchemas;
export type AgencyEventTypeName = keyof Schemas;
export type AgencyEvent = EventsOf<Schemas>;
/** One event by its key in AgencyEventType, e.g. `AgencyEventOf<'LicenceIssued'>`. */
export type AgencyEventOf<K extends keyof typeof AgencyEventType> = Extract<
  AgencyEvent,
  { type: (typeof AgencyEventType)[K] }
>;

export type VettingCheckName = z.output<typeof vettingCheckNameSchema>;
export type VettingOutcome = z.output<typeof vettingOutcomeSchema>;
export type DirectorOfRevokedAgencyFlag = z.output<typeof directorOfRevokedAgencyFlagSchema>;
export type DirectorErasureReason = z.output<typeof directorErasureReasonSchema>;

export const isAgencyEventType = eventTypeGuard(agencyEventDataSchemas);
export const parseAgencyEvent = eventParser(agencyEventDataSchemas, 'an agency');
