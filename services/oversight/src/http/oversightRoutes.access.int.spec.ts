import { assertProblem } from '@kazi/testing';
import t from 'tap';
import { startOversightTestSystem } from './oversightTestSystem.fixture.ts';

t.test('every oversight route admits the roles api.md names and refuses the others', async (t) => {
  const system = await startOversightTestSystem(t);
  const agencyId = await system.licensedAgency();
  await system.lodge({ agencyId });
  await system.caughtUp();
  const { tokens, call } = system;
  const routes: Array<{
    method: string;
    url: string;
    allowed: string[];
    refused: string[];
    body?: unknown;
    ok?: number;
  }> = [
    {
      method: 'GET',
      url: `/oversight/agencies/${agencyId}/scorecard`,
      allowed: ['officer', 'director', 'analyst'],
      refused: ['hotline', 'attache', 'mol'],
    },
    {
      method: 'GET',
      url: '/oversight/watchlist',
      allowed: ['officer', 'director', 'analyst'],
      refused: ['hotline', 'attache', 'mol'],
    },
    {
      method: 'POST',
      url: `/oversight/watchlist/${agencyId}/inspections`,
      body: { inspectedOn: '2026-02-27' },
      ok: 201,
      allowed: ['director'],
      refused: ['officer', 'analyst', 'hotline', 'attache', 'mol'],
    },
    {
      method: 'GET',
      url: '/oversight/missions/SA/caseload',
      allowed: ['officer', 'director', 'analyst', 'attache'],
      refused: ['hotline', 'mol', 'attacheQa'],
    },
    {
      method: 'GET',
      url: '/oversight/blmas/implementation',
      allowed: ['officer', 'director', 'analyst', 'mol'],
      refused: ['hotline', 'attache'],
    },
    {
      method: 'GET',
      url: '/oversight/indicators?from=2026-01-01&to=2026-03-31&by=sex,quarter',
      allowed: ['officer', 'director', 'analyst'],
      refused: ['hotline', 'attache', 'mol'],
    },
    {
      method: 'GET',
      url: '/oversight/indicators.csv?from=2026-01-01&to=2026-03-31&by=sex',
      allowed: ['officer', 'director', 'analyst'],
      refused: ['hotline', 'attache', 'mol'],
    },
    {
      method: 'GET',
      url: '/oversight/projections',
      allowed: ['director'],
      refused: ['officer', 'analyst', 'hotline', 'attache', 'mol'],
    },
  ];
  for (const route of routes) {
    for (const who of route.allowed) {
      const r = await call(route.method, route.url, {
        token: tokens[who as keyof typeof tokens],
        body: route.body,
      });
      t.equal(r.status, route.ok ?? 200, `${who} may ${route.method} ${route.url}`, { body: r.text });
    }
    for (const who of route.refused) {
      const r = await call(route.method, route.url, {
        token: tokens[who as keyof typeof tokens],
        body: route.body,
      });
      assertProblem(t, r, 403, undefined, `${who} may not ${route.method} ${route.url}`);
    }
    const anonymous = await call(route.method, route.url, { body: route.body });
    assertProblem(t, anonymous, 401, undefined, `nobody anonymous: ${route.method} ${route.url}`);
  }
  // The attaché of Qatar is refused Saudi Arabia's caseload by the mission rule, not by role.
  const qa = await call('GET', '/oversight/missions/SA/caseload', { token: tokens.attacheQa });
  assertProblem(t, qa, 403, 'mission-mismatch');
  t.equal((await call('GET', '/oversight/missions/QA/caseload', { token: tokens.attacheQa })).status, 200);

  // Rebuild: the director only, and only a projection that exists.
  for (const who of ['officer', 'analyst', 'attache', 'mol'] as const)
    assertProblem(
      t,
      await call('POST', '/oversight/projections/reporting/rebuild', { token: tokens[who] }),
      403,
    );
  assertProblem(
    t,
    await call('POST', '/oversight/projections/nothing/rebuild', { token: tokens.director }),
    404,
  );
  const rebuild = await call('POST', '/oversight/projections/reporting/rebuild', { token: tokens.director });
  t.equal(rebuild.status, 202, 'the director starts a rebuild', { body: rebuild.text });
  t.match(rebuild.body, { name: 'reporting', generation: Number, state: 'rebuilding' });
  // The new generation goes live by itself; the projections route shows it, and the answers stay the same.
  const deadline = Date.now() + 20_000;
  let status = (await call('GET', '/oversight/projections', { token: tokens.director })).body.items[0];
  while (
    !(status.generation === rebuild.body.generation && status.state === 'running') &&
    Date.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = (await call('GET', '/oversight/projections', { token: tokens.director })).body.items[0];
  }
  t.match(status, { name: 'reporting', generation: rebuild.body.generation, state: 'running', lag: 0 });
  const scorecard = await call('GET', `/oversight/agencies/${agencyId}/scorecard`, {
    token: tokens.director,
  });
  t.equal(scorecard.body.complaints.total, 1, 'the rebuilt generation holds the same complaint');
});

t.test('malformed input is a 400 problem naming the field', async (t) => {
  const system = await startOversightTestSystem(t);
  const { call, tokens } = system;
  const cases: Array<[string, string, string]> = [
    ['GET', '/oversight/watchlist?limit=0', 'query.limit'],
    ['GET', '/oversight/watchlist?cursor=not-a-cursor', 'query.cursor'],
    ['GET', '/oversight/watchlist?colour=red', 'query'],
    ['GET', '/oversight/indicators?from=2026-13-01', 'query.from'],
    ['GET', '/oversight/indicators?from=2026-03-01&to=2026-01-01', 'query.to'],
    ['GET', '/oversight/indicators?by=sex,shoeSize', 'query.by'],
    ['GET', '/oversight/indicators?asOf=yesterday', 'query.asOf'],
    ['GET', '/oversight/indicators.csv?by=sex,sex', 'query.by'],
    ['GET', '/oversight/missions/XX/caseload', 'params.country'],
    ['GET', '/oversight/blmas/implementation?limit=1000', 'query.limit'],
  ];
  for (const [method, url, path] of cases) {
    const r = await call(method, url, { token: tokens.director });
    assertProblem(t, r, 400, undefined, url);
    t.ok(
      (r.body?.errors ?? []).some((e: { path: string }) => e.path.startsWith(path)),
      `${url} names ${path}`,
      { body: r.text },
    );
  }
  const future = await call('POST', '/oversight/watchlist/some-agency/inspections', {
    token: tokens.director,
    body: { inspectedOn: 'soon' },
  });
  assertProblem(t, future, 400, undefined, 'a day that is not a date');
});
