/**
 * Dates the attachés give (a hearing, a departure, a consent) are calendar days at their mission, while
 * `now` is an instant. A day is "not in the future" when some place on Earth has reached it: the mission
 * may be up to 14 hours ahead of UTC, so an attaché's today is never refused as tomorrow.
 */
const LATEST_OFFSET_MS = 14 * 3_600_000;

/** The calendar day (UTC) of an ISO instant. */
export const utcDayOf = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

/** The latest calendar day it can be anywhere at `now`. */
export const latestDayAt = (now: string): string =>
  new Date(Date.parse(now) + LATEST_OFFSET_MS).toISOString().slice(0, 10);

export const isFutureDay = (date: string, now: string): boolean => date > latestDayAt(now);
