import { nameWords } from '@kazi/eventsourcing';

/**
 * Words that almost every employer's name abroad carries, in English and transliterated Arabic: legal
 * forms (LLC, W.L.L., Est.), trades, and the article "al". An attaché types a name from a worker's
 * contract or memory ("Al Noor Cleaning" for "Al-Noor Household Services Co. W.L.L."), so only the
 * distinctive words should decide a match.
 */
const GENERIC_WORDS = new Set([
  'al',
  'el',
  'co',
  'company',
  'companies',
  'corp',
  'corporation',
  'est',
  'establishment',
  'ltd',
  'limited',
  'llc',
  'wll',
  'spc',
  'fze',
  'fzco',
  'gmbh',
  'plc',
  'group',
  'holding',
  'holdings',
  'trading',
  'contracting',
  'general',
  'international',
  'services',
  'service',
  'household',
]);

/** The distinctive words of an employer's name (nameWords with the words almost every such name carries). */
export const employerNameWords = (name: string): string[] => nameWords(name, GENERIC_WORDS);

/** A registration or commercial-registry number as one look-up key: letters and digits, lower case. */
export const registrationKeyOf = (value: string): string => value.toLowerCase().replace(/[^a-z0-9]/g, '');
