import { actorSchema } from '@kazi/core';
import { z } from 'zod';
import {
  AgencyEventType,
  agencyEventDataSchemas,
  directorErasureReasonSchema,
  directorOfRevokedAgencyFlagSchema,
} from './events.ts';
import { recordedLicenceApplicationSchema } from './licenceApplication.ts';

/**
 * An agency as the decider sees it. JSON-serialisable: it is snapshotted as JSON, so a change of shape
 * needs a new state schema version in the composition root (old snapshots are then rebuilt from events).
 */
export const AGENCY_STATUSES = [
  'applied',
  'under-vetting',
  'licensed',
  'rejected',
  'suspended',
  'revoked',
  'expired',
] as const;
export const agencyStatusSchema = z.enum(AGENCY_STATUSES);

export const vettingCheckSchema = agencyEventDataSchemas[AgencyEventType.VettingCheckRecorded];

export const licenceSchema = z.object({
  number: z.string(),
  validFrom: z.iso.date(),
  validUntil: z.iso.date(),
});

export const licenceHistoryEntrySchema = z.object({
  event: z.enum(['issued', 'renewed', 'suspended', 'reinstated', 'revoked', 'expired', 'rejected']),
  at: z.string(),
  by: actorSchema.optional(),
  reason: z.string().optional(),
  validUntil: z.string().optional(),
  until: z.string().optional(),
});

/** A director of this agency whose personal data was erased: who decided, when, and why (a code). */
export const directorErasureSchema = z.object({
  directorIndex: z.number().int().min(0),
  reason: directorErasureReasonSchema,
  note: z.string().optional(),
  by: actorSchema,
  at: z.string(),
});

export const agencyStateSchema = z.object({
  id: z.string().nullable(),
  /** null until the application is recorded: the agency does not exist. */
  status: agencyStatusSchema.nullable(),
  /** Directors only sealed (see RecordedLicenceApplication). */
  application: recordedLicenceApplicationSchema.nullable(),
  flags: z.array(directorOfRevokedAgencyFlagSchema),
  recordedBy: actorSchema.nullable(),
  recordedAt: z.string().nullable(),
  vettingChecks: z.array(vettingCheckSchema),
  /** Subs of everyone who recorded a vetting check: none of them may approve (four eyes). */
  vetters: z.array(z.string()),
  licence: licenceSchema.nullable(),
  suspension: z.object({ reason: z.string(), until: z.string().optional(), at: z.string() }).nullable(),
  history: z.array(licenceHistoryEntrySchema),
  /** One entry per erased director of this agency, in the order they were erased. */
  directorErasures: z.array(directorErasureSchema),
});

export type AgencyStatus = z.output<typeof agencyStatusSchema>;
export type VettingCheck = z.output<typeof vettingCheckSchema>;
export type Licence = z.output<typeof licenceSchema>;
export type LicenceHistoryEntry = z.output<typeof licenceHistoryEntrySchema>;
export type AgencyState = z.output<typeof agencyStateSchema>;
export type DirectorErasure = z.output<typeof directorErasureSchema>;

export const initialAgencyState = (): AgencyState => ({
  id: null,
  status: null,
  application: null,
  flags: [],
  recordedBy: null,
  recordedAt: null,
  vettingChecks: [],
  vetters: [],
  licence: null,
  suspension: null,
  history: [],
  directorErasures: [],
});
