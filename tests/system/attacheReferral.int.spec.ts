import { agencyRegistryModule } from '@kazi/agency-registry';
import { attacheCasesModule } from '@kazi/attache-cases';
import { caseUpdateBody, closureBody, repatriationBody } from '@kazi/attache-cases/testing';
import { complaintsModule } from '@kazi/complaints';
import { complaintBody } from '@kazi/complaints/testing';
import { type Response, startHttpTestSystem } from '@kazi/testing';
import t from 'tap';

/**
 * The attaché's whole story across three services: a complaint referred to the labour attaché opens a case
 * in the mission of its country (from complaints' integration event), the attaché updates it as an app on a
 * poor connection does (a stale update, the merged resend, a duplicate), repatriates the worker to arrival,
 * closes the case, and the complaint shows the outcome (from attaché cases' integration event).
 */
const s = await startHttpTestSystem(t, {
  modules: {
    agencyRegistry: agencyRegistryModule,
    complaints: complaintsModule,
    attacheCases: attacheCasesModule,
  },
  label: 'attache',
});
const { call, tokens, expectStatus } = s;

async function eventually<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

t.test(
  'referral → case in the mission → offline-style updates → repatriation → closure → outcome on the complaint',
  async (t) => {
    const lodged = await call('POST', '/complaints', {
      token: tokens.hotline,
      body: complaintBody({ location: { country: 'SA', city: 'Riyadh' } }),
    });
    expectStatus(lodged, 201, 'lodging');
    const complaintId: string = lodged.body.id;
    const referred = await call('POST', `/complaints/${complaintId}/referral`, {
      token: tokens.officer,
      body: { to: 'labour-attache', note: 'Please visit the household in Riyadh.' },
    });
    expectStatus(referred, 200, 'referral');

    // The case opens in Riyadh's mission (SA) by itself; Doha's attaché does not see it.
    const found = await eventually('the case', async () => {
      const r = await call('GET', `/cases?complaintId=${complaintId}`, { token: tokens.attache });
      return r.status === 200 && r.body.items.length > 0 ? r.body.items : undefined;
    });
    t.equal(found.length, 1, 'one case');
    const caseId: string = found[0].id;
    const opened = await call('GET', `/cases/${caseId}`, { token: tokens.attache });
    expectStatus(opened, 200, 'the case');
    t.match(opened.body, { country: 'SA', complaintId, version: 1 });
    const foreign = await call('GET', `/cases/${caseId}`, { token: tokens.attacheQa });
    t.equal(foreign.status, 404, "another mission's attaché: not found, nothing shown");
    t.notOk(
      'country' in foreign.body || 'complaintId' in foreign.body || 'version' in foreign.body,
      'a problem document, none of the case',
    );

    // Offline: the app sends an update based on version 1 after another change landed — refused with the
    // case as it is now; the app merges and resends on the current version; the network repeats it.
    const first = await call('POST', `/cases/${caseId}/updates`, {
      token: tokens.attache,
      body: caseUpdateBody(1),
    });
    expectStatus(first, 200, 'first update');
    const stale = await call('POST', `/cases/${caseId}/updates`, {
      token: tokens.attache,
      body: caseUpdateBody(1, 'employer-contacted'),
    });
    t.equal(stale.status, 409, 'a stale update is refused');
    t.match(stale.body, { current: { id: caseId, version: 2 } }, 'with the case as it is now');
    const merged = caseUpdateBody(stale.body.current.version, 'employer-contacted');
    const resent = await call('POST', `/cases/${caseId}/updates`, { token: tokens.attache, body: merged });
    expectStatus(resent, 200, 'the merged resend');
    const duplicate = await call('POST', `/cases/${caseId}/updates`, { token: tokens.attache, body: merged });
    expectStatus(duplicate, 200, 'the same updateId again');
    t.equal(duplicate.body.version, resent.body.version, 'answered as the first time');
    const afterDuplicate = await call('GET', `/cases/${caseId}`, { token: tokens.attache });
    t.equal(afterDuplicate.body.version, 3, 'recorded once');

    // Repatriation to arrival, then closure.
    let version: number = afterDuplicate.body.version;
    for (const stage of ['planned', 'documents-ready', 'departed', 'arrived'] as const) {
      const r: Response = await call('POST', `/cases/${caseId}/repatriation`, {
        token: tokens.attache,
        body: repatriationBody(version, stage),
      });
      expectStatus(r, 200, `repatriation ${stage}`);
      version = r.body.version;
    }
    const closed = await call('POST', `/cases/${caseId}/closure`, {
      token: tokens.attache,
      body: closureBody(version, 'worker-returned'),
    });
    expectStatus(closed, 200, 'closure');

    // The complaints service hears of it: officers see the case and its outcome, the hotline the outcome.
    const seen = await eventually('the outcome on the complaint', async () => {
      const r = await call('GET', `/complaints/${complaintId}`, { token: tokens.officer });
      return r.body?.attacheCases?.[0]?.outcome ? r.body : undefined;
    });
    t.match(seen.attacheCases, [{ caseId, outcome: 'worker-returned' }], 'the officer sees the closed case');
    const hotline = await call('GET', `/complaints/${complaintId}`, { token: tokens.hotline });
    t.match(hotline.body, { attacheOutcomes: ['worker-returned'] }, 'the hotline sees the outcome only');
    t.notOk('attacheCases' in hotline.body, 'not the case itself');
  },
);
