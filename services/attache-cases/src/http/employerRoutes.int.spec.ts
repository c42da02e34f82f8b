import t from 'tap';
import {
  assertProblem,
  employerBody,
  errorPaths,
  startAttacheTestSystem,
} from './attacheTestSystem.fixture.ts';

/**
 * Employers abroad: registered and vetted by attachés (four eyes to lift a blacklisting), read with their
 * vetting history and the cases naming them, found by a ranked name look-up; new cases naming a flagged or
 * blacklisted employer show it.
 */
t.test('employers abroad', async (t) => {
  const sys = await startAttacheTestSystem(t, { label: 'attemp' });
  const { call, tokens } = sys;

  await t.test(
    'POST /employers: an attaché; a repeat with the same Idempotency-Key registers once',
    async (t) => {
      const body = employerBody({ name: 'Desert Rose Catering Est' });
      const headers = { 'idempotency-key': 'employer-desert-rose-1' };
      const first = await call('POST', '/employers', { token: tokens.attache, body, headers });
      t.equal(first.status, 201);
      t.match(first.body, { id: String, status: 'unvetted', version: 1 });
      t.equal(first.headers.location, `/employers/${first.body.id}`);
      const again = await call('POST', '/employers', { token: tokens.attache, body, headers });
      t.same(again.body, first.body);
      t.equal(again.headers['idempotent-replayed'], 'true');
      for (const [who, tok] of [
        ['officer', tokens.officer],
        ['director', tokens.director],
        ['analyst', tokens.analyst],
        ['hotline', tokens.hotline],
      ] as const)
        assertProblem(t, await call('POST', '/employers', { token: tok, body }), 403, 'forbidden', who);
      assertProblem(t, await call('POST', '/employers', { body }), 401);
      for (const [what, bad, field] of [
        ['no name', { country: 'SA' }, 'name'],
        ['an unknown country', employerBody({ country: 'XX' }), 'country'],
        ['a phone that is not E.164', employerBody({ contact: { phone: '0112345678' } }), 'contact.phone'],
        ['an unknown field', { ...employerBody(), status: 'cleared' }, 'status'],
      ] as const) {
        const r = await call('POST', '/employers', { token: tokens.attache, body: bad });
        assertProblem(t, r, 400, 'validation-failed', what);
        t.ok(errorPaths(r).includes(field), `${what}: names ${field}`);
      }
    },
  );

  await t.test('vetting: attachés and directors; four eyes to lift a blacklisting', async (t) => {
    const { id } = await sys.registerEmployer({ name: 'Sahara Pearl Household Services' });
    const vet = (outcome: string, tok: string, headers?: Record<string, string>) =>
      call('POST', `/employers/${id}/vetting`, {
        token: tok,
        body: { outcome, reason: `${outcome}: seen in a test` },
        ...(headers ? { headers } : {}),
      });
    const flagged = await vet('flagged', tokens.attache);
    t.equal(flagged.status, 200);
    t.same(flagged.body, { id, status: 'flagged', version: 2 });
    const blacklisted = await vet('blacklisted', tokens.attache);
    t.equal(blacklisted.body.status, 'blacklisted');
    assertProblem(
      t,
      await vet('cleared', tokens.attache),
      409,
      'four-eyes-rule',
      'who blacklisted may not lift it',
    );
    const lifted = await vet('cleared', sys.attacheSa2);
    t.equal(lifted.status, 200, 'a second attaché lifts it');
    await vet('blacklisted', tokens.attache);
    t.equal((await vet('flagged', tokens.director)).status, 200, 'an NEA director lifts it alone');
    for (const [who, tok] of [
      ['officer', tokens.officer],
      ['analyst', tokens.analyst],
      ['hotline', tokens.hotline],
    ] as const)
      assertProblem(t, await vet('flagged', tok), 403, 'forbidden', who);
    assertProblem(
      t,
      await call('POST', '/employers/5b1f8a1e-0000-4000-8000-000000000000/vetting', {
        token: tokens.attache,
        body: { outcome: 'flagged', reason: 'never registered' },
      }),
      404,
      'not-found',
    );
    const bad = await call('POST', `/employers/${id}/vetting`, {
      token: tokens.attache,
      body: { outcome: 'suspended', reason: 'x' },
    });
    assertProblem(t, bad, 400, 'validation-failed');
    t.same(errorPaths(bad), ['outcome']);
    const once = { 'idempotency-key': 'vetting-once-1' };
    const first = await vet('cleared', tokens.attache, once);
    const repeat = await vet('cleared', tokens.attache, once);
    t.same(repeat.body, first.body, 'a vetting retried with its Idempotency-Key is recorded once');

    const record = await call('GET', `/employers/${id}`, { token: tokens.analyst });
    t.equal(record.status, 200);
    t.equal(record.body.status, 'cleared');
    t.same(
      record.body.vettings.map(
        (v: { outcome: string; by: { sub: string; role: string; mission?: string } }) => [
          v.outcome,
          v.by.sub,
          v.by.role,
          v.by.mission ?? null,
        ],
      ),
      [
        ['flagged', 'attache-1', 'labour-attache', 'SA'],
        ['blacklisted', 'attache-1', 'labour-attache', 'SA'],
        ['cleared', 'attache-3', 'labour-attache', 'SA'],
        ['blacklisted', 'attache-1', 'labour-attache', 'SA'],
        ['flagged', 'director-1', 'nea-director', null],
        ['cleared', 'attache-1', 'labour-attache', 'SA'],
      ],
      'the whole history, with who and in which capacity',
    );
  });

  await t.test('new cases naming a flagged or blacklisted employer show it', async (t) => {
    const flagged = await sys.registerEmployer({ name: 'Crescent Moon Manpower Contracting' });
    await sys.vet(flagged.id, 'flagged');
    const blacklisted = await sys.registerEmployer({ name: 'Golden Palm Cleaning Co' });
    await sys.vet(blacklisted.id, 'blacklisted');
    const a = await sys.open({ employer: undefined, employerId: flagged.id });
    t.same(a.response.body.flags, ['employer-flagged']);
    t.match(a.response.body.employer, { employerId: flagged.id, name: flagged.name, status: 'flagged' });
    const b = await sys.open({ employer: undefined, employerId: blacklisted.id });
    t.same(b.response.body.flags, ['employer-blacklisted']);
    const view = await call('GET', `/cases/${b.id}`, { token: tokens.attache });
    t.same(view.body.flags, ['employer-blacklisted'], 'the case shows it');
    t.match(view.body.employer, { employerId: blacklisted.id, statusAtOpening: 'blacklisted' });
    await sys.caughtUp();
    const typed = await sys.open({ employer: { name: 'Golden Palm Cleaning', country: 'SA' } });
    t.same(typed.response.body.flags, [], 'a name typed in is no registered employer…');
    t.match(
      typed.response.body.employerMatches,
      [{ employerId: blacklisted.id, name: blacklisted.name, status: 'blacklisted' }],
      '…but the opening shows the registered employers of that name',
    );
    const unknown = await call('POST', '/cases', {
      token: tokens.attache,
      body: { ...a.body, employerId: '5b1f8a1e-0000-4000-8000-000000000000' },
    });
    assertProblem(t, unknown, 422, 'unknown-employer');
  });

  await t.test('GET /employers/:id: the cases naming it, an attaché their mission’s', async (t) => {
    const employer = await sys.registerEmployer({ name: 'Blue Lagoon Services', country: 'QA' });
    const sa1 = await sys.open({ employer: undefined, employerId: employer.id });
    const sa2 = await sys.open({ employer: undefined, employerId: employer.id });
    const qa = await sys.open(
      { country: 'QA', employer: undefined, employerId: employer.id },
      tokens.attacheQa,
    );
    await sys.caughtUp();
    const linked = async (tok: string) =>
      (await call('GET', `/employers/${employer.id}`, { token: tok })).body.linkedCases;
    const nea = await linked(tokens.officer);
    t.equal(nea.total, 3);
    t.same(
      nea.items.map((c: { id: string }) => c.id),
      [qa.id, sa2.id, sa1.id],
      'newest first',
    );
    t.same((await linked(tokens.analyst)).total, 3);
    const sa = await linked(tokens.attache);
    t.same([sa.total, sa.items.map((c: { id: string }) => c.id)], [2, [sa2.id, sa1.id]], 'the SA attaché');
    const doha = await linked(tokens.attacheQa);
    t.same([doha.total, doha.items.map((c: { id: string }) => c.id)], [1, [qa.id]], 'the QA attaché');
    t.notMatch(JSON.stringify(nea), sa1.body.worker.fullName, 'no personal data');
    for (const tok of [tokens.hotline, tokens.mol])
      assertProblem(t, await call('GET', `/employers/${employer.id}`, { token: tok }), 403, 'forbidden');
    assertProblem(
      t,
      await call('GET', '/employers/5b1f8a1e-0000-4000-8000-000000000000', { token: tokens.officer }),
      404,
      'not-found',
    );
    assertProblem(t, await call('GET', '/employers/not-a-uuid', { token: tokens.officer }), 400);
  });

  await t.test('GET /employers?q=: by name, best first, or by registration number', async (t) => {
    const noor = await sys.registerEmployer({
      name: 'Al-Noor Household Services',
      registrationNumber: 'CR-55501',
    });
    const noorTrading = await sys.registerEmployer({
      name: 'Noor Star Trading LLC',
      registrationNumber: 'CR-55502',
    });
    const doha = await sys.registerEmployer({
      name: 'Al Noor Household',
      country: 'QA',
      registrationNumber: 'CR-55503',
    });
    await sys.caughtUp();
    const search = async (query: string, tok = tokens.attache) => {
      const r = await call('GET', `/employers?${query}`, { token: tok });
      sys.expectStatus(r, 200, `GET /employers?${query}`);
      return r.body.items as { employerId: string; score: number; status: string }[];
    };
    const byName = await search('q=al%20noor&country=SA');
    t.equal(byName[0]?.employerId, noor.id, 'the closest name first');
    t.ok(
      byName.some((m) => m.employerId === noorTrading.id),
      'a name sharing a word after it',
    );
    t.notOk(
      byName.some((m) => m.employerId === doha.id),
      'country narrows',
    );
    t.ok((await search('q=al%20noor%20household')).some((m) => m.employerId === doha.id));
    t.same(
      (await search('q=cr%2055503', tokens.analyst)).map((m) => m.employerId),
      [doha.id],
      'a registration number, however written',
    );
    t.same(await search('q=zanzibar'), []);
    for (const query of ['', 'q=', 'q=x&limit=21', 'q=x&country=XX'])
      assertProblem(
        t,
        await call('GET', `/employers?${query}`, { token: tokens.attache }),
        400,
        'validation-failed',
        query,
      );
    assertProblem(t, await call('GET', '/employers?q=noor', { token: tokens.hotline }), 403, 'forbidden');
  });
});
