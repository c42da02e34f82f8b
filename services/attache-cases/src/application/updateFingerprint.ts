import { createHmac } from 'node:crypto';

/** What a change request is, for its fingerprint: the case, the kind of change and the body as sent. */
export interface ChangeRequest {
  caseId: string;
  /** The route's change: `updates`, `repatriation`, `closure`, `worker`. */
  change: string;
  body: Record<string, unknown>;
}

/**
 * The body as JSON with every object's keys in order, so the same request always reads the same. The
 * version it was based on and the updateId are left out: a resend after a lost answer may carry a newer
 * version, and the updateId is what the fingerprint is looked up by.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type UpdateFingerprinter = (request: ChangeRequest) => string;

/**
 * A keyed hash (HMAC-SHA256, `UPDATE_FINGERPRINT_SECRET`) of a change as the client sent it, before the
 * service fills anything in (today's date): a resend has the same one whenever it arrives, another change
 * under the same updateId a different one. Keyed, because the body may hold a note or the worker's
 * details: the event keeps the fingerprint, never anything readable.
 */
export const updateFingerprinter =
  (secret: string): UpdateFingerprinter =>
  ({ caseId, change, body }) => {
    const { expectedVersion: _version, updateId: _updateId, ...sent } = body;
    return createHmac('sha256', secret)
      .update(canonical({ caseId, change, body: sent }))
      .digest('base64url')
      .slice(0, 32);
  };
