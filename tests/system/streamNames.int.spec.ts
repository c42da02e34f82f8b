import { agencyRegistryModule } from '@kazi/agency-registry';
import { licenceApplicationBody, VETTING_CHECK_NAMES, vettingCheckBody } from '@kazi/agency-registry/testing';
import { complaintsModule } from '@kazi/complaints';
import { InvalidStreamNameError } from '@kazi/core';
import { statusOf } from '@kazi/service-kit';
import { assertProblem, errorPaths, startHttpTestSystem } from '@kazi/testing';
import t from 'tap';

/**
 * Path ids become stream names (`agency.<id>`, `complaint.<id>`) and so NATS subjects and KV keys. An id
 * holding a subject's special characters must be a 4xx problem on every route, never a wildcard read of
 * other records and never a 500: the routes refuse anything but a uuid, and behind them the event store
 * refuses any name that is not `<category>.<id>`. Both services run.
 */
const s = await startHttpTestSystem(t, {
  modules: { agencyRegistry: agencyRegistryModule, complaints: complaintsModule },
  label: 'names',
});
const { call, tokens, expectStatus } = s;

/** An agency applied for, vetted and licensed over HTTP: a record a wildcard read would find. */
async function licensedAgency(): Promise<{ id: string; version: number }> {
  const applied = await call('POST', '/agencies', { token: tokens.officer, body: licenceApplicationBody() });
  expectStatus(applied, 201, 'POST /agencies');
  const { id } = applied.body;
  for (const check of VETTING_CHECK_NAMES) {
    const r = await call('POST', `/agencies/${id}/vetting-checks`, {
      token: tokens.officer,
      body: vettingCheckBody(check),
    });
    expectStatus(r, 200, `vetting check ${check}`);
  }
  const current = await call('GET', `/agencies/${id}`, { token: tokens.officer });
  const approved = await call('POST', `/agencies/${id}/approval`, {
    token: tokens.director,
    body: { expectedVersion: current.body.version },
  });
  expectStatus(approved, 200, 'approval');
  return { id, version: approved.body.version };
}

const ids = ['a.b', '*', '%2A', '>', '%3E', 'a.>', 'agency.*', 'a%20b', 'a%09b', 'a%00b', '%C3%A9'];

t.test('GET and POST on /agencies/:id with a subject-like id are 400 problems naming the id', async (t) => {
  const licensed = await licensedAgency();
  for (const id of ids) {
    const one = await call('GET', `/agencies/${id}`, { token: tokens.officer });
    assertProblem(t, one, 400, undefined, `GET /agencies/${id}`);
    t.ok(errorPaths(one).includes('params.id'), `GET /agencies/${id}: names params.id`);
    t.notOk(one.text.includes(licensed.id), 'no other agency shows through');
    const vetting = await call('POST', `/agencies/${id}/vetting-checks`, {
      token: tokens.officer,
      body: { check: 'tax-compliance', outcome: 'pass' },
    });
    assertProblem(t, vetting, 400, undefined, `POST /agencies/${id}/vetting-checks`);
    const suspension = await call('POST', `/agencies/${id}/suspension`, {
      token: tokens.director,
      body: { reason: 'inspection found unpaid workers', expectedVersion: licensed.version },
    });
    assertProblem(t, suspension, 400, undefined, `POST /agencies/${id}/suspension`);
  }
  const after = await call('GET', `/agencies/${licensed.id}`, { token: tokens.officer });
  t.match(after.body, { status: 'licensed', version: licensed.version }, 'the real agency is untouched');
});

t.test('GET and POST on /complaints/:id with a subject-like id are 400 problems naming the id', async (t) => {
  for (const id of ids) {
    const one = await call('GET', `/complaints/${id}`, { token: tokens.officer });
    assertProblem(t, one, 400, undefined, `GET /complaints/${id}`);
    t.ok(errorPaths(one).includes('params.id'), `GET /complaints/${id}: names params.id`);
    const note = await call('POST', `/complaints/${id}/notes`, {
      token: tokens.hotline,
      body: { text: 'The caller rang again.' },
    });
    assertProblem(t, note, 400, undefined, `POST /complaints/${id}/notes`);
  }
});

t.test('behind the routes, the store refuses such ids itself: a 400, not a wildcard read', async (t) => {
  // The application layer, as a route that forgot its schema (or a new caller) would reach it.
  const licensed = await licensedAgency();
  const user = { sub: 'officer-1', name: 'Achieng Otieno', roles: ['nea-officer' as const] };
  for (const id of ['*', '>', 'a.b', `${licensed.id}.x`, 'a b']) {
    const agency = await s.system.modules.agencyRegistry.app.getAgency(id).catch((e: unknown) => e);
    t.type(agency, InvalidStreamNameError, `getAgency(${JSON.stringify(id)})`);
    t.match(agency, { kind: 'bad-request', type: 'invalid-stream-name' });
    t.equal(agency instanceof InvalidStreamNameError && statusOf(agency), 400, 'answered 400');
    const complaint = await s.system.modules.complaints.app.get(id, user).catch((e: unknown) => e);
    t.type(complaint, InvalidStreamNameError, `complaints get(${JSON.stringify(id)})`);
  }
});
