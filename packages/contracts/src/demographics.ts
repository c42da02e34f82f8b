/**
 * The statistical dimensions every service records in the clear and oversight counts by (sex, age band):
 * one vocabulary, so a complaint's worker and an attaché case's worker fall in the same cells. The date of
 * birth itself is personal data and stays sealed in its service.
 */
export const SEXES = ['female', 'male', 'unspecified'] as const;
export type Sex = (typeof SEXES)[number];

export const AGE_BANDS = ['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65-plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The age band of a person born on `dateOfBirth` (YYYY-MM-DD) on the UTC day of `at` (an ISO time). */
export function ageBandOf(dateOfBirth: string, at: string): AgeBand {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const now = new Date(at);
  const [ny, nm, nd] = [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()];
  const age = ny - by - (nm < bm || (nm === bm && nd < bd) ? 1 : 0);
  if (age < 18) return 'under-18';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  return '65-plus';
}

/** A date of birth not after the UTC day of `at` and not more than 100 years before it. */
export function plausibleBirthDate(dateOfBirth: string, at: string): boolean {
  const today = new Date(at).toISOString().slice(0, 10);
  const earliest = `${Number(today.slice(0, 4)) - 100}${today.slice(4)}`;
  return dateOfBirth <= today && dateOfBirth >= earliest;
}
