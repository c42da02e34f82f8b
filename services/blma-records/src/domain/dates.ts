/**
 * An agreement's dates (signed, in force, review due, expiry, a meeting, an action's due date) are calendar
 * days, `YYYY-MM-DD`, while `now` is an instant. Two questions need two answers:
 * - whether a day an officer gives is in the future: it is not when some place on Earth has reached it (up
 *   to 14 hours ahead of UTC), so an agreement signed today in a partner country is never refused;
 * - which day the clock has reached for expiry, reviews due and overdue actions: the Ministry's day in
 *   Nairobi (East Africa Time, UTC+3 all year, no daylight saving).
 */
const LATEST_OFFSET_MS = 14 * 3_600_000;
const NAIROBI_OFFSET_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;

const dayAt = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The latest calendar day it can be anywhere at `now`. */
export const latestDayAt = (now: string): string => dayAt(Date.parse(now) + LATEST_OFFSET_MS);

export const isFutureDay = (date: string, now: string): boolean => date > latestDayAt(now);

/** The day it is in Nairobi at `now`: the day the clock-driven rules go by. */
export const nairobiDayOf = (now: string): string => dayAt(Date.parse(now) + NAIROBI_OFFSET_MS);

export const addDays = (date: string, days: number): string =>
  dayAt(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS);

/** The later of two days (they compare as strings). */
export const laterDay = (a: string, b: string): string => ([a, b].sort() as [string, string])[1];
