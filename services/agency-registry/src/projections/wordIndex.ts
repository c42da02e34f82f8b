import type { ProjectionKeys, RedisCommand } from '@kazi/eventsourcing';
import { identifierKeyOf, searchWordsOf, sortKeyOf } from './searchText.ts';

/**
 * The keys of one ordered, searchable index of agencies (the officers' index and the public register each
 * have one under their own prefix). Every sorted set here has score 0 and sort keys (searchText.ts) as
 * members, so Redis keeps it in (name, id) order and a page after a cursor is one ZRANGEBYLEX … LIMIT.
 */
export function wordIndexKeys(keys: ProjectionKeys, rowName: string) {
  return {
    /** Every agency of the index. */
    all: keys.key('all'),
    /** Agencies whose name has this word (searchWordsOf). */
    word: (word: string) => keys.key('word', word),
    /** Every word indexed, members scored 0: the dictionary a trailing partial word is expanded in. */
    dictionary: keys.key('words'),
    /** Agencies with this registration or licence number (identifierKeyOf): one, unless numbers collide. */
    identifier: (identifier: string) => keys.key('id', identifier),
    /** The row of one agency (a hash holding at least `words`, space-separated). */
    row: (id: string) => keys.key(rowName, id),
  };
}

export type WordIndexKeys = ReturnType<typeof wordIndexKeys>;

/**
 * Files an agency by its name: in the index's `all`, under every word of the name and in the dictionary.
 * Returns the fields to store on the agency's row (its sort key, and the words a query checks there
 * without reading more sets) and the commands, which go after the row is written.
 */
export function fileByName(
  index: WordIndexKeys,
  id: string,
  name: string,
): { rowFields: string[]; commands: RedisCommand[] } {
  const sortKey = sortKeyOf(name, id);
  const words = searchWordsOf(name);
  const commands: RedisCommand[] = [['ZADD', index.all, 0, sortKey]];
  if (words.length > 0)
    commands.push(...words.map((word): RedisCommand => ['ZADD', index.word(word), 0, sortKey]), [
      'ZADD',
      index.dictionary,
      0,
      ...words.flatMap((word) => [0, word]).slice(1),
    ]);
  return { rowFields: ['sortKey', sortKey, 'words', words.join(' ')], commands };
}

/** Files an agency under an identifier, by the sort key stored on its row (the event may not carry it). */
export function fileUnderIdentifier(index: WordIndexKeys, id: string, identifier: string): RedisCommand[] {
  const key = identifierKeyOf(identifier);
  return key ? [['ZADDFIELD', index.identifier(key), 0, index.row(id), 'sortKey']] : [];
}
