import { nameWords } from '@kazi/eventsourcing';

/**
 * Words that almost every employer name abroad carries, or that are spelt in many ways in transliteration
 * ("Al-", "El ", "bin"): a caller names an employer from memory ("Safa company" for "Al-Safa General
 * Trading Est."), so only the distinctive words should decide a match.
 */
const GENERIC_WORDS = new Set([
  'al',
  'el',
  'bin',
  'for',
  'establishment',
  'est',
  'trading',
  'trade',
  'general',
  'company',
  'co',
  'corporation',
  'corp',
  'group',
  'holding',
  'holdings',
  'enterprise',
  'enterprises',
  'contracting',
  'contractors',
  'services',
  'international',
  'intl',
  'llc',
  'wll',
  'spc',
  'fze',
  'fzco',
  'fz',
  'ltd',
  'limited',
  'inc',
  'gmbh',
]);

/** The distinctive words of an employer's name (nameWords with the words almost every such name carries). */
export const normaliseEmployerName = (name: string): string[] => nameWords(name, GENERIC_WORDS);

/**
 * The words an employer's name is indexed under: its distinctive words in its country ("sa:safa"), so a
 * look-up reads, ranks and bounds only the employers of the complaint's country.
 */
export const employerWordsIn = (country: string, name: string): string[] =>
  normaliseEmployerName(name).map((word) => `${country.toLowerCase()}:${word}`);
