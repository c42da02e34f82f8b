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

/** Words that never tell names apart, not even in a name made only of generic words. */
const CONNECTING_WORDS = new Set(['the', 'and', 'of']);

/**
 * The distinctive words of an agency name, lower case, each once, in order of first appearance.
 * Accents are dropped, apostrophes and dots join ("Mama's" → mamas, "E.A." → ea), any other
 * punctuation separates ("Al-Safa" → al safa) and generic and connecting words are left out. A name
 * made only of generic words keeps those, so it can still be found by itself.
 */
export function normaliseAgencyName(name: string): string[] {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`.]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !CONNECTING_WORDS.has(word));
  const distinctive = words.filter((word) => !GENERIC_WORDS.has(word));
  return [...new Set(distinctive.length > 0 ? distinctive : words)];
}

/**
 * How alike two token lists are, 0..1: the Dice coefficient (2·shared / (|a| + |b|)). Identical
 * token sets score 1, sets sharing nothing 0; unlike Jaccard it does not punish a short, partial
 * name as hard ("al safa" vs "al safa manpower" = 0.8).
 */
export function nameSimilarity(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const token of left) if (right.has(token)) shared++;
  return (2 * shared) / (left.size + right.size);
}
