import { InvalidCursorError } from '@kazi/eventsourcing';
import t from 'tap';
import { type Agency, everyPage, inListOrder, startSearchIndex } from './searchIndex.fixture.ts';

/**
 * The officers' search over the indexed read model (real NATS and Redis): order and paging, words,
 * identifiers, status, cursors, and a rebuilt index. What a request may read: agencySearchBounds.int.spec.ts.
 */
const index = await startSearchIndex(t);
const { queries } = index;
const ids = (agencies: Agency[]) => inListOrder(agencies).map((a) => a.id);
const search = async (filter: { q?: string; status?: string; limit?: number; cursor?: string }) =>
  (await queries.search({ limit: 50, ...filter })).items.map((i) => i.id);

/** Sequential per chunk of 20: appends to different agencies may run side by side. */
async function applyAll(names: string[]): Promise<Agency[]> {
  const out: Agency[] = [];
  for (let i = 0; i < names.length; i += 20)
    out.push(...(await Promise.all(names.slice(i, i + 20).map((n) => index.apply(n)))));
  return out;
}

// 45 agencies share "Pamoja"; names repeat, so ties are broken by id.
const pamoja = await applyAll(
  Array.from(
    { length: 45 },
    (_, i) => `${['Zawadi', 'amani', 'Baraka', 'Émpire'][i % 4]} Pamoja ${i % 9} Ltd`,
  ),
);
const amaniSafari = await index.apply('Amani Safari Recruiters');
const amaniOnly = await index.apply('Amani Builders');
const safariOnly = await index.apply('Safari Kazi');
const accented = await index.apply("Mama's Fadhilí E.A. Agency");
const [licensed, suspended, revoked, rejected, vetting] = (await applyAll([
  'Status Licensed Pamoja',
  'Status Suspended Pamoja',
  'Status Revoked Pamoja',
  'Status Rejected Pamoja',
  'Status Vetting Pamoja',
])) as [Agency, Agency, Agency, Agency, Agency];
const licenceNumber = await index.license(licensed);
await index.license(suspended);
await index.suspend(suspended);
await index.license(revoked);
await index.revoke(revoked);
await index.reject(rejected);
await index.vet(vetting);
await index.caughtUp();
const everyPamoja = [...pamoja, licensed, suspended, revoked, rejected, vetting];

t.test('a common word pages through every agency that has it, in order, each once', async (t) => {
  for (const limit of [1, 7, 50, 200]) {
    const all = await everyPage(index, { q: 'pamoja', limit });
    t.same(all.ids, ids(everyPamoja), `limit ${limit}: every one, none twice, in (name, id) order`);
    t.equal(all.pages, Math.ceil(everyPamoja.length / limit), `limit ${limit}: no empty last page`);
  }
  t.same(await search({ q: 'PAMOJA', limit: 200 }), ids(everyPamoja), 'case does not matter');
});

t.test('with no q every agency is listed, in order', async (t) => {
  const all = await everyPage(index, { limit: 13 });
  t.equal(all.ids.length, new Set(all.ids).size, 'none twice');
  t.same(all.ids, ids([...everyPamoja, amaniSafari, amaniOnly, safariOnly, accented]));
});

t.test('several words: only agencies with every word; the last may be the start of a word', async (t) => {
  t.same(await search({ q: 'safari amani' }), [amaniSafari.id], 'both words, in any order');
  t.same(
    await search({ q: 'Amani' }),
    ids([amaniSafari, amaniOnly, ...pamoja.filter((a) => a.name.startsWith('amani'))]),
  );
  t.same(await search({ q: 'amani saf' }), [amaniSafari.id], '"saf" is the start of "safari"');
  t.same(await search({ q: 'saf' }), ids([amaniSafari, safariOnly]), 'a partial word alone');
  t.same(await search({ q: 'saf amani' }), [], 'only the last word may be partial');
  t.same(await search({ q: 'amani safari nobody' }), [], 'a word no agency has: nothing');
  t.same(await search({ q: 'Safari-Recruiters!' }), [amaniSafari.id], 'punctuation separates words');
  t.same(
    await search({ q: 'fadhili mamas ea' }),
    [accented.id],
    'accents dropped, apostrophes and dots join',
  );
  t.same(await search({ q: '!!!' }), [], 'no word at all: nothing');
});

t.test('a registration or licence number finds its agency exactly', async (t) => {
  for (const q of [
    amaniOnly.registrationNumber,
    amaniOnly.registrationNumber.toLowerCase(),
    amaniOnly.registrationNumber.replace(/-/g, ' '),
  ])
    t.same(await search({ q }), [amaniOnly.id], `registration number as "${q}"`);
  t.same(await search({ q: licenceNumber }), [licensed.id], 'licence number');
  t.same(
    await search({ q: licenceNumber.replace(/\//g, '-').toLowerCase() }),
    [licensed.id],
    'in any case and punctuation',
  );
  t.same(
    await search({ q: licenceNumber, status: 'suspended' }),
    [],
    'combined with a status it does not have',
  );
  t.same(
    await search({ q: amaniOnly.registrationNumber.slice(0, -1) }),
    [],
    'part of a number is not that number',
  );
});

t.test('status alone and combined with q', async (t) => {
  t.same(await search({ status: 'licensed' }), [licensed.id]);
  t.same(await search({ status: 'suspended', q: 'pamoja' }), [suspended.id]);
  t.same(await search({ status: 'revoked', q: 'status' }), [revoked.id]);
  t.same(await search({ status: 'rejected', q: 'rejected pam' }), [rejected.id]);
  t.same(await search({ status: 'under-vetting' }), [vetting.id]);
  t.same(await search({ status: 'licensed', q: 'amani' }), [], 'no licensed Amani');
  const applied = await everyPage(index, { status: 'applied', q: 'pamoja', limit: 4 });
  t.same(applied.ids, ids(pamoja), 'paging a status: every agency in it, in order, once');
  t.same(
    await search({ status: 'applied', q: 'status' }),
    [],
    'agencies leave the set of their former status',
  );

  await index.reinstate(suspended);
  await index.caughtUp();
  t.same(
    await search({ status: 'licensed', q: 'status' }),
    ids([licensed, suspended]),
    'a reinstatement moves it back',
  );
  t.same(await search({ status: 'suspended' }), []);
  await index.suspend(suspended);
  await index.caughtUp();
  t.same(await search({ status: 'suspended' }), [suspended.id], 'and a suspension away again');
});

t.test('cursors: a page resumes after the last one; an altered cursor is refused', async (t) => {
  const first = await queries.search({ q: 'pamoja', limit: 5 });
  const second = await queries.search({ q: 'pamoja', limit: 5, cursor: first.nextCursor ?? undefined });
  t.same(
    [...first.items, ...second.items].map((i) => i.id),
    ids(everyPamoja).slice(0, 10),
  );
  const cursor = first.nextCursor as string;
  for (const bad of [
    'bm90IGEgY3Vyc29y',
    `${cursor}x`,
    cursor.slice(0, -3),
    Buffer.from('amani\u0000').toString('base64url'),
    Buffer.from('am\u0001ani\u0000id').toString('base64url'),
    '!!!',
  ]) {
    const refusal = await queries.search({ q: 'pamoja', limit: 5, cursor: bad }).then(
      () => undefined,
      (e: unknown) => e,
    );
    t.ok(refusal instanceof InvalidCursorError, `refused: ${bad}`);
    t.match(
      refusal,
      { kind: 'bad-request', extra: { errors: [{ path: 'query.cursor' }] } },
      'a 400 (kind bad-request) naming the cursor',
    );
  }
});

t.test('a rebuilt index answers the same, and cursors issued before it still work', async (t) => {
  const queriesToCompare = [
    { q: 'pamoja' },
    { q: 'amani saf' },
    { status: 'licensed' },
    { q: licenceNumber },
    {},
  ];
  const before = await Promise.all(queriesToCompare.map((f) => search({ ...f, limit: 200 })));
  const page = await queries.search({ q: 'pamoja', limit: 10 });
  const generation = (await index.runner.status()).generation;
  t.ok((await index.runner.rebuild()) > generation, 'a new generation is live');
  const after = await Promise.all(queriesToCompare.map((f) => search({ ...f, limit: 200 })));
  t.same(after, before, 'every query answers as before');
  const next = await queries.search({ q: 'pamoja', limit: 10, cursor: page.nextCursor ?? undefined });
  t.same(
    next.items.map((i) => i.id),
    ids(everyPamoja).slice(10, 20),
    'an old cursor resumes in the new generation',
  );
});
