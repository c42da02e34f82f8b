import { assertProblem } from '@kazi/testing';
import t from 'tap';
import {
  agreementBody,
  amendmentBody,
  committeeMeetingBody,
  endingBody,
  entryIntoForceBody,
  reviewBody,
  signatureBody,
} from '../testing/index.ts';
import { startBlmaTestSystem } from './blmaTestSystem.fixture.ts';

// Who may call each route (docs/design/api.md): the Ministry's BLMA desk writes; NEA, analysts and the
// Ministry read; an attaché reads the agreements of their mission's country only. The agreements here are
// with Qatar: the Doha attaché (mission QA) reads them, the Riyadh attaché (SA) does not.
t.test('BLMA routes: allowed and refused roles', async (t) => {
  const sys = await startBlmaTestSystem(t);
  const { call, tokens } = sys;
  const refusedWriters = {
    officer: tokens.officer,
    director: tokens.director,
    analyst: tokens.analyst,
    attacheQa: tokens.attacheQa,
    hotline: tokens.hotline,
  };

  t.test('POST /blmas: the Ministry records; nobody else', async (t) => {
    const r = await sys.post('/blmas', agreementBody());
    t.equal(r.status, 201);
    t.match(r.body, { id: String, status: 'negotiating', version: 1 });
    t.equal(r.headers.location, `/blmas/${r.body.id}`);
    for (const [who, token] of Object.entries(refusedWriters))
      assertProblem(t, await call('POST', '/blmas', { token, body: agreementBody() }), 403, 'forbidden', who);
    assertProblem(
      t,
      await call('POST', '/blmas', { body: agreementBody() }),
      401,
      'unauthorized',
      'no token',
    );
  });

  t.test('lifecycle routes: the Ministry changes; nobody else', async (t) => {
    const steps: [string, (v: number) => unknown, () => Promise<{ id: string; version: number }>][] = [
      ['signature', (v) => signatureBody(v), () => sys.record()],
      [
        'entry-into-force',
        (v) => entryIntoForceBody(v),
        async () => {
          const { id } = await sys.record();
          await sys.post(`/blmas/${id}/signature`, signatureBody(1));
          return { id, version: 2 };
        },
      ],
      ['review', (v) => reviewBody(v, '2026-02-20'), () => sys.inForce()],
      ['amendment', (v) => amendmentBody(v, '2026-02-15'), () => sys.inForce()],
      ['expiry', (v) => endingBody(v, '2026-02-25'), () => sys.inForce()],
      ['termination', (v) => endingBody(v, '2026-02-01'), () => sys.record()],
    ];
    for (const [path, body, ready] of steps) {
      const { id, version } = await ready();
      for (const [who, token] of Object.entries(refusedWriters))
        assertProblem(
          t,
          await call('POST', `/blmas/${id}/${path}`, { token, body: body(version) }),
          403,
          'forbidden',
          `${path} by ${who}`,
        );
      const r = await sys.post(`/blmas/${id}/${path}`, body(version));
      t.equal(r.status, 200, `${path} by the Ministry`, { body: r.text });
      t.equal(r.body.version, version + 1, `${path}: the new version`);
      t.equal(r.headers.etag, `"${version + 1}"`);
    }
  });

  t.test('committee meetings and their actions: the Ministry records; nobody else', async (t) => {
    const { id } = await sys.inForce();
    const meeting = committeeMeetingBody('2026-02-20');
    for (const [who, token] of Object.entries(refusedWriters))
      assertProblem(
        t,
        await call('POST', `/blmas/${id}/committee-meetings`, { token, body: meeting }),
        403,
        'forbidden',
        who,
      );
    const held = await sys.post(`/blmas/${id}/committee-meetings`, meeting);
    t.equal(held.status, 201, 'held', { body: held.text });
    t.match(held.body, { meetingId: 'meeting-1', actionIds: ['meeting-1-action-1', 'meeting-1-action-2'] });
    const done = `/blmas/${id}/committee-actions/meeting-1-action-1/completion`;
    for (const [who, token] of Object.entries(refusedWriters))
      assertProblem(
        t,
        await call('POST', done, { token, body: { date: '2026-02-25' } }),
        403,
        'forbidden',
        who,
      );
    const r = await sys.post(done, { date: '2026-02-25' });
    t.equal(r.status, 200, 'marked done', { body: r.text });
  });

  t.test('documents: the Ministry uploads; readers of the agreement download', async (t) => {
    const { id } = await sys.inForce();
    const bytes = Buffer.from('%PDF-1.4 the signed text');
    for (const token of [tokens.officer, tokens.analyst, tokens.attacheQa])
      assertProblem(t, await sys.upload(id, bytes, { token }), 403, 'forbidden');
    const up = await sys.upload(id, bytes);
    t.equal(up.status, 201, 'uploaded', { body: up.text });
    const url = `/blmas/${id}/documents/${up.body.documentId}`;
    for (const token of [tokens.mol, tokens.officer, tokens.director, tokens.analyst, tokens.attacheQa]) {
      const r = await call('GET', url, { token });
      t.equal(r.status, 200);
      t.equal(r.text, bytes.toString());
    }
    assertProblem(
      t,
      await call('GET', url, { token: tokens.attache }),
      403,
      'mission-mismatch',
      'the Riyadh attaché',
    );
    assertProblem(t, await call('GET', url, { token: tokens.hotline }), 403, 'forbidden', 'the hotline');
    assertProblem(t, await call('GET', url), 401, 'unauthorized', 'no token');
  });

  t.test(
    "reads: the Ministry, NEA and analysts read every agreement; an attaché their mission's",
    async (t) => {
      const { id } = await sys.inForce();
      const saudi = await sys.record({
        partnerCountry: 'SA',
        title: 'Agreement on domestic workers with Saudi Arabia',
      });
      await sys.caughtUp();
      for (const token of [tokens.mol, tokens.officer, tokens.director, tokens.analyst, tokens.attacheQa]) {
        const r = await call('GET', `/blmas/${id}`, { token });
        t.equal(r.status, 200);
        t.equal(r.body.id, id);
      }
      assertProblem(
        t,
        await call('GET', `/blmas/${id}`, { token: tokens.attache }),
        403,
        'mission-mismatch',
        "another mission's agreement",
      );
      t.equal(
        (await call('GET', `/blmas/${saudi.id}`, { token: tokens.attache })).status,
        200,
        'the Riyadh attaché reads the Saudi one',
      );
      assertProblem(
        t,
        await call('GET', `/blmas/${id}`, { token: tokens.hotline }),
        403,
        'forbidden',
        'the hotline',
      );

      const all = await call('GET', '/blmas?limit=200', { token: tokens.analyst });
      t.equal(all.status, 200);
      t.ok(
        all.body.items.some((a: { id: string }) => a.id === saudi.id),
        'an analyst lists every country',
      );
      t.ok(all.body.items.some((a: { id: string }) => a.id === id));
      const doha = await call('GET', '/blmas?limit=200', { token: tokens.attacheQa });
      t.equal(doha.status, 200);
      t.ok(doha.body.items.length > 0);
      t.ok(
        doha.body.items.every((a: { partnerCountry: string }) => a.partnerCountry === 'QA'),
        "the Doha attaché lists Qatar's only",
      );
      assertProblem(
        t,
        await call('GET', '/blmas?country=QA', { token: tokens.attache }),
        403,
        'mission-mismatch',
        "asking for another mission's country",
      );
      assertProblem(
        t,
        await call('GET', '/blmas', { token: tokens.hotline }),
        403,
        'forbidden',
        'the hotline',
      );
    },
  );
});
