import { nameWords } from '@kazi/eventsourcing';

/**
 * Words that almost every agency name carries. Callers name agencies from memory ("Al Safa
 * Recruitment" for "Al-Safa Manpower Recruitment Agency Ltd"), so only the distinctive words
 * should decide a match.
 */
const GENERIC_WORDS = new Set([
  'limited',
  'ltd',
  'co',
  'company',
  'agency',
  'agencies',
  'recruitment',
  'recruiter',
  'recruiters',
  'recruiting',
  'international',
  'intl',
  'service',
  'services',
  'consultant',
  'consultants',
  'consultancy',
  'employment',
  'bureau',
  'kenya',
]);

/** The distinctive words of an agency name (nameWords with the words almost every agency name carries). */
export const normaliseAgencyName = (name: string): string[] => nameWords(name, GENERIC_WORDS);
