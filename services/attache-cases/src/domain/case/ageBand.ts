import { utcDayOf } from '../dates.ts';
import type { AgeBand } from './vocabulary.ts';

/** The worker's age band on the day of `at`: statistics never need the date of birth itself. */
export function ageBandOf(dateOfBirth: string, at: string): AgeBand {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ny, nm, nd] = utcDayOf(at).split('-').map(Number) as [number, number, number];
  const age = ny - by - (nm < bm || (nm === bm && nd < bd) ? 1 : 0);
  if (age < 18) return 'under-18';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  return '65-plus';
}

/** Not after the day of `at`, and not more than 100 years before it. */
export function plausibleBirthDate(dateOfBirth: string, at: string): boolean {
  const today = utcDayOf(at);
  const earliest = `${Number(today.slice(0, 4)) - 100}${today.slice(4)}`;
  return dateOfBirth <= today && dateOfBirth >= earliest;
}
