import type { CaseType } from './vocabulary.ts';

/** Complaint categories (the complaints service's words) that say what kind of help the worker needs. */
const RESCUE_CATEGORIES = new Set(['confinement', 'physical-abuse', 'sexual-abuse']);

/**
 * The type of a case opened from a complaint referred to the labour attaché, from the complaint's
 * categories: a death first, then a worker stranded who wants to come home, then one in danger where
 * they are; anything else is a labour dispute. The attaché sees the complaint's categories as well.
 */
export function caseTypeOfReferral(categories: readonly string[]): CaseType {
  if (categories.includes('death')) return 'death-case';
  if (categories.includes('stranded')) return 'repatriation';
  if (categories.some((c) => RESCUE_CATEGORIES.has(c))) return 'rescue-shelter';
  return 'labour-dispute';
}
