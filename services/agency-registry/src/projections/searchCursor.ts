import { cursorCodec } from '@kazi/eventsourcing';

/** Agency ids are uuids (the registry makes them): a cut or edited id is caught here. */
const AGENCY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Control characters other than the one NUL separating name and id: no name or id holds them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A search cursor is the sort key (searchText.ts) a page ends after, opaque (the kit's cursorCodec): it
 * stays valid across rebuilds (every generation orders by the same keys) and a page resumes right after
 * it even when that agency has changed since. A cursor the client altered is a 400 naming the field.
 */
const cursors = cursorCodec<string>({
  write: (sortKey) => sortKey,
  read(sortKey) {
    const separator = sortKey.lastIndexOf('\u0000');
    const wellFormed =
      separator >= 0 &&
      AGENCY_ID.test(sortKey.slice(separator + 1)) &&
      !CONTROL.test(sortKey.slice(0, separator));
    return wellFormed ? sortKey : undefined;
  },
});

export const encodeCursor = (sortKey: string): string => cursors.encode(sortKey);

/** The sort key in a cursor; InvalidCursorError (a 400) for one this API did not issue. */
export const decodeCursor = (cursor: string): string => cursors.decode(cursor);
