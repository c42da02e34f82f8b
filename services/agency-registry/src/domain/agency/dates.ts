/**
 * Pure calendar arithmetic on ISO dates (UTC). A licence is valid through its `validUntil` day: one valid
 * from 1 March for 12 months is valid until 28 (or 29) February and lapses at the start of 1 March.
 */
/** The UTC calendar date of an ISO time (or the date itself). */
export const dateOf = (iso: string): string =>
  iso.length === 10 ? iso : new Date(iso).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Same day n months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * Valid from `from` for `months`: through the day before the same date `months` later — or, when that
 * month has no such date (from 31 Jan or 29 Feb), through its last day: a month from 31 January runs
 * through 28 February, not 27.
 */
export function validUntilFor(from: string, months: number): string {
  const same = addMonths(from, months);
  return Number(same.slice(8)) < Number(from.slice(8)) ? same : addDays(same, -1);
}

/** The instant a licence valid through `validUntil` lapses. */
export const lapsesAt = (validUntil: string): string => `${addDays(validUntil, 1)}T00:00:00.000Z`;

/** The later of two ISO dates (they compare as strings). */
export const laterDate = (a: string, b: string): string => ([a, b].sort() as [string, string])[1];

/** True once `now` (ISO time) is past the last valid day. */
export const hasLapsed = (validUntil: string, now: string): boolean =>
  Date.parse(now) >= Date.parse(lapsesAt(validUntil));
