/** The benchmark's output: a table of every figure against its goal, notes, then one JSON line. */
import type { LoadFigures } from './load.ts';

export interface ReportRow {
  label: string;
  figures?: LoadFigures;
  /** A figure that is not a load (e.g. memory): printed in the req/s column. */
  value?: string;
  ratio?: number;
  goal?: string;
  /** Undefined: no goal, or not measured. */
  met?: boolean;
}

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Errors, timeouts and non-2xx of a load: a write route's goal allows none of them. */
export const failuresOf = (f: LoadFigures): number => f.errors + f.timeouts + f.non2xx;

const verdict = (met: boolean | undefined) => (met === undefined ? '—' : met ? 'met' : 'MISSED');

function cellsOf(row: ReportRow): string[] {
  const f = row.figures;
  const ratio = row.ratio === undefined || Number.isNaN(row.ratio) ? '' : String(row.ratio);
  if (!f)
    return [
      row.label,
      row.value ?? 'not measured',
      '',
      '',
      '',
      '',
      '',
      ratio,
      row.goal ?? '',
      verdict(row.met),
    ];
  return [
    row.label,
    String(f.rps),
    String(f.latencyMs.p50),
    String(f.latencyMs.p99),
    String(f.ok),
    String(f.non2xx),
    String(f.errors + f.timeouts),
    ratio,
    row.goal ?? '',
    verdict(row.met),
  ];
}

export function tableOf(rows: ReportRow[]): string[] {
  const all = [
    ['figure', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors', 'ratio', 'goal', 'goal met'],
    ...rows.map(cellsOf),
  ];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(all[0]!), line(widths.map((w) => '-'.repeat(w))), ...all.slice(1).map(line)];
}

/** The first line of an error and its first line naming an error (a child's stack is long). */
export function problemLine(error: string): string {
  const lines = error.split('\n').filter((l) => l.trim() !== '');
  const cause = lines.find((l, i) => i > 0 && /error/i.test(l));
  return `problem: ${lines[0] ?? ''}${cause ? ` ${cause.trim()}` : ''}`;
}
