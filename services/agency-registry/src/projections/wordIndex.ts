import type { ProjectionKeys, RedisCommand } from '@kazi/eventsourcing';
import { identifierKeyOf, searchWordsOf } from './searchText.ts';

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
 * Files an agency under every word of its name and in the dictionary; returns the commands and the words
 * (to store on the row, where a query checks its other words without reading more sets).
 */
export function fileUnderWords(
  index: WordIndexKeys,
  sortKey: string,
  name: string,
): { words: string[]; commands: RedisCommand[] } {
  const words = searchWordsOf(name);
  if (words.length === 0) return { words, commands: [] };
  return {
    words,
    commands: [
      ...words.map((word): RedisCommand => ['ZADD', index.word(word), 0, sortKey]),
      ['ZADD', index.dictionary, 0, ...words.flatMap((word) => [0, word]).slice(1)],
    ],
  };
}

/** Files an agency under an identifier, by the sort key stored on its row (the event may not carry it). */
export function fileUnderIdentifier(index: WordIndexKeys, id: string, identifier: string): RedisCommand[] {
  const key = identifierKeyOf(identifier);
  return key ? [['ZADDFIELD', index.identifier(key), 0, index.row(id), 'sortKey']] : [];
}
