/**
 * The registry's one normalisation of searchable text: what the projections index and what a query looks
 * up go through these functions, so an agency is found by the words it was indexed under.
 * (The complaints service keeps its own matcher for names said on the phone; services share no code.)
 */

/**
 * The words of a name or a query, lower case, each once, in order of first appearance. Accents are
 * dropped ("Fadhilí" → fadhili), apostrophes and dots join ("Mama's" → mamas, "E.A." → ea), any other
 * punctuation or space separates ("Al-Safa" → al safa). Every word is kept, common ones too: a query
 * is answered from its rarest word (see orderedSearch.ts), so a common word costs nothing extra.
 */
export function searchWordsOf(text: string): string[] {
  const words = folded(text)
    .replace(/['’‘`.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  return [...new Set(words)];
}

/** Lower case without accents: the comparison both words and identifiers make. */
const folded = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * An identifier (registration or licence number) as its exact-match key: letters and digits only, lower
 * case, so "NEA/PRA/2026/00012", "nea pra 2026 00012" and "NEA-PRA-2026-00012" are one key. Empty when
 * the text holds no letter or digit.
 */
export function identifierKeyOf(text: string): string {
  return folded(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Where an agency sorts in every ordered index: its lower-case name, then its id (names are not unique).
 * Names never hold control characters (the application schema refuses them), so NUL separates the two
 * and sorts a name before every longer name it begins.
 */
export function sortKeyOf(name: string, id: string): string {
  return `${name.toLowerCase()}\u0000${id}`;
}

/** The id at the end of a sort key (see sortKeyOf). */
export function idOfSortKey(sortKey: string): string {
  return sortKey.slice(sortKey.lastIndexOf('\u0000') + 1);
}
