import t from 'tap';
import { everyPage, inListOrder, startSearchIndex, type Agency } from './searchIndex.fixture.ts';

/**
 * What one search reads, counted on the Redis client (every command it sends, pipelined ones too): a
 * rare word bounds the reads whatever the size of the index, and a request never reads more rows than its
 * budget, even when the matches are far apart. Counts, never timings.
 */
const index = await startSearchIndex(t);

const COMMON = 300;
const rare: Record<number, string> = { 40: 'Zeta', 100: 'Zuhura', 180: 'Zebra', 250: 'Zuhura' };
const names = Array.from(
  { length: COMMON },
  (_, i) => `Common ${String(i).padStart(3, '0')}${rare[i] ? ` ${rare[i]}` : ''} Agency`,
);
const agencies: Agency[] = [];
for (let i = 0; i < names.length; i += 25)
  agencies.push(...(await Promise.all(names.slice(i, i + 25).map((n) => index.apply(n)))));
const withWord = (word: string) => inListOrder(agencies.filter((a) => a.name.includes(word))).map((a) => a.id);
const suspended = agencies[7] as Agency;
await index.license(suspended);
await index.suspend(suspended);
await index.caughtUp();

t.test('a rare word reads its few agencies, not the common word\'s many', async (t) => {
  for (const q of ['agency zuhura', 'zuhura agency', 'Zuhura']) {
    index.count.reset();
    const page = await index.queries.search({ q, limit: 50 });
    t.same(page.items.map((i) => i.id), withWord('Zuhura'), `"${q}" finds both`);
    t.equal(index.count.of('hgetall'), 2, `"${q}": two rows read, of ${COMMON} agencies with "agency"`);
    t.ok(index.count.total <= 10, `"${q}": ${index.count.total} commands in all`);
  }
});

t.test('a common word reads one row more than the page, whatever the number of agencies', async (t) => {
  for (const limit of [1, 20, 50]) {
    index.count.reset();
    const page = await index.queries.search({ q: 'agency', limit });
    t.equal(page.items.length, limit);
    t.equal(index.count.of('hgetall'), limit + 1, `limit ${limit}: ${limit + 1} rows read`);
  }
});

t.test('a status with few agencies is walked from its own set', async (t) => {
  index.count.reset();
  const page = await index.queries.search({ status: 'suspended', q: 'common agency', limit: 50 });
  t.same(page.items.map((i) => i.id), [suspended.id]);
  t.equal(index.count.of('hgetall'), 1, 'one row read');
});

t.test('the read budget: short pages with a cursor, every match found once, in order', async (t) => {
  // "z" starts more dictionary words (zebra, zeta, zuhura) than this budget expands: it is only checked on
  // the candidates of "agency", 300 of them, of which four match, far apart.
  const bounds = { maxExamined: 40, maxBatch: 16, maxPrefixWords: 2 };
  const walked = await everyPage(index, { q: 'agency z', limit: 3 }, index.queriesWith(bounds));
  t.same(walked.ids, inListOrder(agencies.filter((a) => / Z/.test(a.name))).map((a) => a.id), 'all four, in order');
  t.ok(walked.perRequest.every((r) => r.rowsRead <= bounds.maxExamined), 'no request read more rows than its budget');
  t.ok(walked.perRequest.some((r) => r.items < 3), 'some pages are short and still have a cursor');
  t.ok(walked.pages >= Math.ceil(COMMON / bounds.maxExamined), `${walked.pages} requests for ${COMMON} candidates`);

  const expanded = await everyPage(index, { q: 'agency z', limit: 3 }, index.queriesWith({ ...bounds, maxPrefixWords: 3 }));
  t.same(expanded.ids, walked.ids, 'expanding "z" to its three words finds the same four…');
  t.ok(expanded.pages <= 2 && expanded.perRequest.every((r) => r.rowsRead <= 4), '…reading only them');
});

t.test('the public register reads as little', async (t) => {
  const listed = agencies.slice(0, 30);
  for (const a of listed) await index.license(a);
  await index.caughtUp();
  index.count.reset();
  const items = await index.queries.publicRegister('common agency', 10);
  t.same(items.map((i) => i.name), inListOrder(listed).slice(0, 10).map((a) => a.name), 'the first ten listed, in order');
  t.equal(index.count.of('hgetall'), 11, 'eleven rows read');
  index.count.reset();
  const zuhura = await index.queries.publicRegister('zuhura', 10);
  t.same(zuhura, [], 'agencies never licensed are not listed');
  t.ok(index.count.of('hgetall') <= 2, 'and finding that reads the two candidates at most');
});
