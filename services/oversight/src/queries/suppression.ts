/** A count as shown: the number, or "<5" when it is small enough to single a person out. */
export type Cell = number | `<${number}`;

/**
 * Small-cell suppression (DPA 2019): a count from 1 to threshold − 1 reads "<threshold". Zero is shown:
 * that nobody is in a cell points at no one.
 */
export const suppress = (count: number, threshold: number): Cell =>
  count > 0 && count < threshold ? `<${threshold}` : count;

/** How the counts of one answer are shown to its caller: exact to NEA, suppressed to analysts. */
export type CellPolicy = (count: number) => Cell;
export const exactCells: CellPolicy = (count) => count;
export const suppressedCells =
  (threshold: number): CellPolicy =>
  (count) =>
    suppress(count, threshold);
