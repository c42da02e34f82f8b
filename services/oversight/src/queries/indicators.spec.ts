import t from 'tap';
import { csvLines, type IndicatorRow } from './indicators.ts';
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
