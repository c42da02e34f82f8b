/**
 * The body schema of POST /agencies the baseline parses: the real route's own schema, so the baseline
 * pays for the same validation. (The route's `licenceApplicationBody`, http/schemas.ts, is the domain's
 * `licenceApplicationSchema`, which the registry's domain entry exports.)
 */
export { licenceApplicationSchema as applicationBodySchema } from '@kazi/agency-registry/domain';
export const applicationSchemaSource =
  'registry (domain licenceApplicationSchema, the body of POST /agencies)';

/** The body schema of POST /complaints: the real route's own. */
export { lodgingSchema as complaintBodySchema } from '@kazi/complaints/domain';
