import { BadRequestError } from '@kazi/service-kit';

/**
 * A search cursor is the sort key (searchText.ts) a page ends after, base64url-encoded: it stays valid
 * across rebuilds (every generation orders by the same keys) and a page resumes right after it even when
 * that agency has changed since.
 */
export const encodeCursor = (sortKey: string): string => Buffer.from(sortKey, 'utf8').toString('base64url');

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Agency ids are uuids (the registry makes them): a cut or edited id is caught here. */
const AGENCY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Control characters other than the one NUL separating name and id: no name or id holds them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The sort key in a cursor; a cursor the client altered is a 400 naming the field, never a 500. */
export function decodeCursor(cursor: string): string {
  const sortKey = BASE64URL.test(cursor) ? decodeStrictly(cursor) : undefined;
  const separator = sortKey?.lastIndexOf('\u0000') ?? -1;
  const wellFormed =
    sortKey !== undefined &&
    separator >= 0 &&
    AGENCY_ID.test(sortKey.slice(separator + 1)) &&
    !CONTROL.test(sortKey.slice(0, separator)) &&
    encodeCursor(sortKey) === cursor;
  if (!wellFormed) {
    throw new BadRequestError('cursor is not one this API issued', [
      { path: 'query.cursor', message: 'is not a cursor this API issued' },
    ]);
  }
  return sortKey;
}

function decodeStrictly(cursor: string): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(cursor, 'base64url'));
  } catch {
    return undefined;
  }
}
