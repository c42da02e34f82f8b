import t from 'tap';
import {
  assertProblem,
  caseUpdateBody,
  closureBody,
  newUpdateId,
  repatriationBody,
  startAttacheTestSystem,
  token,
} from './attacheTestSystem.fixture.ts';

/**
 * Who may call each case route: attachés open and change only their own mission's cases (another mission's
 * case is a 404 that shows nothing of it), NEA roles and analysts read, a director erases; every other
 * role is refused before anything is read, and without a token nobody gets in.
 */
t.test('case routes: roles and missions', async (t) => {
  const sys = await startAttacheTestSystem(t, { label: 'attacc' });
  const { call, tokens } = sys;
  const opened = await sys.open();
  const { id } = opened;
  const qa = await sys.open({ country: 'QA' }, tokens.attacheQa);

  await t.test('POST /cases: an attaché of the mission; another country is a 403', async (t) => {
    t.equal(opened.response.status, 201);
    t.match(opened.response.body, { id: String, version: 1, status: 'open', flags: [], employer: Object });
    t.equal(opened.response.headers.location, `/cases/${id}`);
    const elsewhere = await call('POST', '/cases', {
      token: tokens.attache,
      body: opened.body && { ...opened.body, country: 'QA' },
    });
    assertProblem(t, elsewhere, 403, 'mission-mismatch', 'an SA attaché opening in QA');
    for (const [who, tok] of [
      ['officer', tokens.officer],
      ['director', tokens.director],
      ['analyst', tokens.analyst],
      ['hotline', tokens.hotline],
      ['mol', tokens.mol],
    ] as const)
      assertProblem(
        t,
        await call('POST', '/cases', { token: tok, body: opened.body }),
        403,
        'forbidden',
        who,
      );
    assertProblem(t, await call('POST', '/cases', { body: opened.body }), 401, undefined, 'no token');
  });

  await t.test('GET /cases/:id: the mission, NEA roles and analysts; another mission is a 404', async (t) => {
    for (const [who, tok, view] of [
      ['attaché of the mission', tokens.attache, 'full'],
      ['officer', tokens.officer, 'full'],
      ['director', tokens.director, 'full'],
      ['analyst', tokens.analyst, 'analyst'],
    ] as const) {
      const r = await call('GET', `/cases/${id}`, { token: tok });
      t.equal(r.status, 200, who);
      t.equal(r.body.view, view, `${who} sees the ${view} view`);
      t.equal(r.headers.etag, '"1"');
    }
    const foreign = await call('GET', `/cases/${id}`, { token: tokens.attacheQa });
    assertProblem(t, foreign, 404, 'not-found', 'the QA attaché on an SA case');
    t.notMatch(foreign.text, opened.body.worker.fullName, 'nothing of the case in the answer');
    t.notMatch(foreign.text, '"SA"');
    const unknown = await call('GET', '/cases/5b1f8a1e-0000-4000-8000-000000000000', {
      token: tokens.attacheQa,
    });
    t.same(
      { status: unknown.status, type: unknown.body.type, title: unknown.body.title },
      { status: foreign.status, type: foreign.body.type, title: foreign.body.title },
      "another mission's case reads like no case at all",
    );
    for (const [who, tok] of [
      ['hotline', tokens.hotline],
      ['mol', tokens.mol],
    ] as const)
      assertProblem(t, await call('GET', `/cases/${id}`, { token: tok }), 403, 'forbidden', who);
    assertProblem(t, await call('GET', `/cases/${id}`), 401);
    assertProblem(
      t,
      await call('GET', '/cases/not.an.id', { token: tokens.officer }),
      400,
      'validation-failed',
    );
  });

  await t.test('GET /cases: attachés their mission only; NEA roles and analysts any', async (t) => {
    await sys.caughtUp();
    const mine = await call('GET', '/cases', { token: tokens.attache });
    t.equal(mine.status, 200);
    t.ok(
      mine.body.items.every((c: { country: string }) => c.country === 'SA'),
      "without a mission: the attaché's own",
    );
    t.ok(mine.body.items.some((c: { id: string }) => c.id === id));
    assertProblem(
      t,
      await call('GET', '/cases?mission=SA', { token: tokens.attacheQa }),
      403,
      'mission-mismatch',
      "a QA attaché asking for SA's feed",
    );
    for (const tok of [tokens.officer, tokens.director, tokens.analyst]) {
      const all = await call('GET', '/cases', { token: tok });
      t.equal(all.status, 200);
      t.same(new Set(all.body.items.map((c: { id: string }) => c.id)), new Set([id, qa.id]), 'every mission');
    }
    assertProblem(t, await call('GET', '/cases', { token: tokens.hotline }), 403, 'forbidden');
    assertProblem(t, await call('GET', '/cases'), 401);
  });

  await t.test('changes: only an attaché of the mission; another mission is a 404', async (t) => {
    const routes: [string, (v: number) => Record<string, unknown>][] = [
      ['updates', (v) => caseUpdateBody(v)],
      ['repatriation', (v) => repatriationBody(v)],
      ['closure', (v) => closureBody(v)],
      [
        'worker',
        (v) => ({
          worker: { fullName: 'Grace Akinyi', sex: 'female' },
          expectedVersion: v,
          updateId: newUpdateId(),
        }),
      ],
    ];
    const { id: fresh } = await sys.open();
    for (const [route, body] of routes) {
      const foreign = await call('POST', `/cases/${fresh}/${route}`, {
        token: tokens.attacheQa,
        body: body(1),
      });
      assertProblem(t, foreign, 404, 'not-found', `${route}: the QA attaché`);
      t.notMatch(foreign.text, '"current"', `${route}: no case in the answer`);
      for (const [who, tok] of [
        ['officer', tokens.officer],
        ['director', tokens.director],
        ['analyst', tokens.analyst],
        ['hotline', tokens.hotline],
      ] as const)
        assertProblem(
          t,
          await call('POST', `/cases/${fresh}/${route}`, { token: tok, body: body(1) }),
          403,
          'forbidden',
          `${route}: ${who}`,
        );
      assertProblem(t, await call('POST', `/cases/${fresh}/${route}`, { body: body(1) }), 401);
    }
    const version = await sys.change(fresh, 'updates', caseUpdateBody(1));
    t.equal(version, 2, 'the attaché of the mission changes it');
    const unknown = await call('POST', '/cases/5b1f8a1e-0000-4000-8000-000000000000/updates', {
      token: tokens.attache,
      body: caseUpdateBody(1),
    });
    assertProblem(t, unknown, 404, 'not-found', 'an unknown case');
  });

  await t.test('POST /cases/:id/erasure: an NEA director only', async (t) => {
    const { id: fresh } = await sys.open();
    const body = { reason: 'The worker asked for erasure.' };
    for (const [who, tok] of [
      ['attaché', tokens.attache],
      ['officer', tokens.officer],
      ['analyst', tokens.analyst],
    ] as const)
      assertProblem(
        t,
        await call('POST', `/cases/${fresh}/erasure`, { token: tok, body }),
        403,
        'forbidden',
        who,
      );
    const r = await call('POST', `/cases/${fresh}/erasure`, { token: tokens.director, body });
    t.equal(r.status, 200);
    t.match(r.body, { id: fresh, version: 2, personalData: 'erased' });
  });

  await t.test(
    'a token with both roles: an attaché of another mission who is an analyst reads the analyst view',
    async (t) => {
      const both = await token(['labour-attache', 'analyst'], {
        sub: 'attache-9',
        name: 'Both',
        mission: 'QA',
      });
      const r = await call('GET', `/cases/${id}`, { token: both });
      t.equal(r.status, 200);
      t.equal(r.body.view, 'analyst');
      t.notMatch(r.text, opened.body.worker.fullName);
    },
  );
});
