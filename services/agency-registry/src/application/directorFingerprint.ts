import { createHmac } from 'node:crypto';

/**
 * A keyed hash of a director's id (`nid:<national id>` or `pp:<passport>`): read models can match the same
 * person across agencies without holding national ids in clear.
 */
export const directorFingerprinter =
  (secret: string) =>
  (directorId: string): string =>
    createHmac('sha256', secret).update(directorId).digest('base64url').slice(0, 32);

/** `nid:<national id>` then `pp:<passport>`, for each id the director gave: what is fingerprinted. */
export function directorIds(director: {
  nationalId?: string | undefined;
  passportNumber?: string | undefined;
}): string[] {
  return [
    ...(director.nationalId ? [`nid:${director.nationalId.trim().toUpperCase()}`] : []),
    ...(director.passportNumber ? [`pp:${director.passportNumber.trim().toUpperCase()}`] : []),
  ];
}
