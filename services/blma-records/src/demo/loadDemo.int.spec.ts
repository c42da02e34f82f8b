import t from 'tap';
import { startBlmaTestSystem } from '../http/blmaTestSystem.fixture.ts';
import { kenyaAgreements } from './kenyaAgreements.ts';
import { loadDemo } from './loadDemo.ts';

t.test("the demo loads Kenya's agreements over HTTP, and a second run changes nothing", async (t) => {
  const sys = await startBlmaTestSystem(t);
  const baseUrl = await sys.system.app.listen({ host: '127.0.0.1', port: 0 });

  // A run that stopped after recording the Saudi agreement: the next one finishes it.
  const saudi = kenyaAgreements.find((a) => a.record.partnerCountry === 'SA');
  const started = await sys.post('/blmas', saudi?.record);
  t.equal(started.status, 201);
  await sys.caughtUp();

  const first = await loadDemo(baseUrl, sys.tokens.mol);
  t.same(first.alreadyThere, ['sa-2017-domestic-workers']);
  t.equal(first.recorded.length, 5);
  t.equal(first.steps, 14, 'signatures, entries into force, a committee meeting and an amendment');
  await sys.caughtUp();

  const second = await loadDemo(baseUrl, sys.tokens.mol);
  t.same(second, { recorded: [], alreadyThere: kenyaAgreements.map((a) => a.key), steps: 0 }, 'idempotent');

  const all = await sys.get('/blmas?limit=200');
  t.equal(all.body.items.length, 6, 'six agreements, each once');
  t.same(
    all.body.items.map((a: { partnerCountry: string }) => a.partnerCountry),
    ['AE', 'AT', 'DE', 'GB', 'QA', 'SA'],
    'listed by partner',
  );
  t.ok(
    all.body.items.every((a: { status: string }) => a.status === 'in-force'),
    'every one in force',
  );
  t.equal(
    all.body.items.find((a: { partnerCountry: string }) => a.partnerCountry === 'SA').id,
    started.body.id,
  );

  const qatar = all.body.items.find((a: { partnerCountry: string }) => a.partnerCountry === 'QA');
  const before = await sys.get(`/blmas/${qatar.id}?asOf=2020-01-01`);
  t.match(before.body, { status: 'in-force', terms: { version: 1, provisions: [] } });
  t.same(
    before.body.terms.sectors.map((s: { isco: string }) => s.isco),
    ['9'],
    'before 2024: unskilled labour only',
  );
  const after = await sys.get(`/blmas/${qatar.id}?asOf=2025-01-01`);
  t.match(after.body, { terms: { version: 2 }, amendments: [{ number: 1, date: '2024-12-31' }] });
  t.ok(
    after.body.terms.sectors.some((s: { isco: string }) => s.isco === '25'),
    'skilled work after',
  );
  t.match((await sys.get(`/blmas/${qatar.id}`)).body, {
    notes: /not public/,
    meetings: [{ date: '2024-10-06' }],
  });
});
