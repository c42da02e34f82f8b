import t from 'tap';
import { csvLines, type IndicatorRow, spansOf } from './indicators.ts';
import { suppress } from './suppression.ts';

t.test('CSV fields with a comma, a quote or a line break are quoted, quotes doubled (RFC 4180)', (t) => {
  const rows: IndicatorRow[] = [
    { indicator: 'complaints-lodged', country: 'SA', occupation: 'a, "b"\nc', count: 7 },
    { indicator: 'complaints-lodged', country: null, occupation: 'all', count: '<5' },
  ];
  t.equal(
    [...csvLines(['country', 'occupation'], rows)].join(''),
    'indicator,country,occupation,count\r\n' +
      'complaints-lodged,SA,"a, ""b""\nc",7\r\n' +
      'complaints-lodged,,all,<5\r\n',
  );
  t.end();
});

t.test('counts from 1 to threshold − 1 are suppressed; zero and the threshold are shown', (t) => {
  t.same(
    [0, 1, 4, 5, 6].map((n) => suppress(n, 5)),
    [0, '<5', '<5', 5, 6],
  );
  t.end();
});

t.test('whole months are summed by quarter where whole quarters fit, by month either side', (t) => {
  t.same(spansOf('2021-01-01', '2026-09-30', true), [{ grain: 2, from: '2021-01-01', to: '2026-07-01' }]);
  t.same(spansOf('2025-12-01', '2026-04-30', true), [
    { grain: 1, from: '2025-12-01', to: '2025-12-01' },
    { grain: 2, from: '2026-01-01', to: '2026-01-01' },
    { grain: 1, from: '2026-04-01', to: '2026-04-01' },
  ]);
  t.same(spansOf('2026-02-01', '2026-06-30', true), [
    { grain: 1, from: '2026-02-01', to: '2026-03-01' },
    { grain: 2, from: '2026-04-01', to: '2026-04-01' },
  ]);
  t.same(
    spansOf('2026-01-01', '2026-02-28', true),
    [{ grain: 1, from: '2026-01-01', to: '2026-02-01' }],
    'no whole quarter',
  );
  t.same(
    spansOf('2025-11-01', '2026-04-30', false),
    [{ grain: 0, from: '2025-11-01', to: '2026-04-01' }],
    'by age band or occupation: every month by every dimension',
  );
  t.same(spansOf('2026-03-01', '2026-02-28', true), [], 'no whole month');
  t.end();
});
