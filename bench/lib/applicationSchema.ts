/**
 * The body schema of POST /agencies the baseline parses: the real route's own schema, so the baseline
 * pays for the same validation. (The brief expected `applicationBodySchema` in http/schemas.ts; the
 * registry exports it as `applicationBody` from http/agencyRecord.ts.)
 */
export { applicationBody as applicationBodySchema } from '@kazi/agency-registry/http/agencyRecord.ts';
export const applicationSchemaSource = 'registry (http/agencyRecord.ts applicationBody)';

/** The body schema of POST /complaints: the real route's own. */
export { lodgingSchema as complaintBodySchema } from '@kazi/complaints/domain/complaint/lodging.ts';
