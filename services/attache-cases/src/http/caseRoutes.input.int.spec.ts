import t from 'tap';
import {
  assertProblem,
  errorPaths,
  newUpdateId,
  openCaseBody,
  startAttacheTestSystem,
} from './attacheTestSystem.fixture.ts';

/**
 * What an opening, a worker's details and an erasure must look like: a malformed body is a 400 naming the
 * field (a rule broken a 422 naming it), nothing is recorded, and an opening retried with its
 * Idempotency-Key opens one case.
 */
t.test('case bodies', async (t) => {
  const sys = await startAttacheTestSystem(t, { label: 'attin' });
  const { call, tokens } = sys;
  const worker = openCaseBody().worker;

  await t.test('POST /cases: each malformed field named', async (t) => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['no worker name', openCaseBody({ worker: { ...worker, fullName: undefined } }), 'worker.fullName'],
      ['an unknown sex', openCaseBody({ worker: { ...worker, sex: 'f' } }), 'worker.sex'],
      [
        'a phone that is not E.164',
        openCaseBody({ worker: { ...worker, phone: '0722000111' } }),
        'worker.phone',
      ],
      [
        'an occupation that is no ISCO code',
        openCaseBody({ worker: { ...worker, occupation: 'maid' } }),
        'worker.occupation',
      ],
      ['an unknown type', openCaseBody({ type: 'adventure' }), 'type'],
      ['an unknown country', openCaseBody({ country: 'XX' }), 'country'],
      ['no summary', openCaseBody({ summary: undefined }), 'summary'],
      [
        'an employer both registered and typed in',
        openCaseBody({ employerId: '5b1f8a1e-0000-4000-8000-000000000000' }),
        'employer',
      ],
      ['an unknown field', openCaseBody({ priority: 'high' }), 'priority'],
      ['an unknown worker field', openCaseBody({ worker: { ...worker, religion: 'x' } }), 'worker.religion'],
    ];
    for (const [what, body, field] of cases) {
      const r = await call('POST', '/cases', {
        token: tokens.attache,
        body: JSON.parse(JSON.stringify(body)),
      });
      assertProblem(t, r, 400, 'validation-failed', what);
      t.ok(errorPaths(r).includes(field), `${what}: names ${field} (${errorPaths(r).join(', ')})`);
    }
    const dob = await call('POST', '/cases', {
      token: tokens.attache,
      body: openCaseBody({ worker: { ...worker, dateOfBirth: '2031-01-01' } }),
    });
    assertProblem(t, dob, 422, 'implausible-date-of-birth');
    t.same(errorPaths(dob), ['worker.dateOfBirth']);
    assertProblem(
      t,
      await call('POST', '/cases', {
        token: tokens.attache,
        payload: '{"type":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'malformed-json',
    );
    await sys.caughtUp();
    const feed = await call('GET', '/cases', { token: tokens.officer });
    t.same(feed.body.items, [], 'nothing was opened');
  });

  await t.test(
    'POST /cases with an Idempotency-Key opens one case; another body under it is a 422',
    async (t) => {
      const body = openCaseBody();
      const headers = { 'idempotency-key': `open-${newUpdateId()}` };
      const first = await call('POST', '/cases', { token: tokens.attache, body, headers });
      const again = await call('POST', '/cases', { token: tokens.attache, body, headers });
      t.equal(first.status, 201);
      t.same(again.body, first.body, 'the same answer, the same id');
      t.equal(again.headers['idempotent-replayed'], 'true');
      const other = await call('POST', '/cases', { token: tokens.attache, body: openCaseBody(), headers });
      assertProblem(t, other, 422);
      await sys.caughtUp();
      const feed = await call('GET', '/cases', { token: tokens.officer });
      t.equal(feed.body.items.length, 1);
    },
  );

  await t.test('POST /cases/:id/worker and /erasure: malformed bodies', async (t) => {
    const { id } = await sys.open();
    const noSex = await call('POST', `/cases/${id}/worker`, {
      token: tokens.attache,
      body: { worker: { fullName: 'Grace Akinyi' }, expectedVersion: 1, updateId: newUpdateId() },
    });
    assertProblem(t, noSex, 400, 'validation-failed');
    t.same(errorPaths(noSex), ['worker.sex']);
    const noReason = await call('POST', `/cases/${id}/erasure`, { token: tokens.director, body: {} });
    assertProblem(t, noReason, 400, 'validation-failed');
    t.same(errorPaths(noReason), ['reason']);
    const stale = await call('POST', `/cases/${id}/erasure`, {
      token: tokens.director,
      body: { reason: 'The worker asked for it.', expectedVersion: 7 },
    });
    assertProblem(t, stale, 409, 'stale-version', 'an erasure checks the version it was given');
    t.equal((await call('GET', `/cases/${id}`, { token: tokens.attache })).body.personalData, 'held');
  });
});
