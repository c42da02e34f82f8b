/**
 * The complaint routes' HTTP tests: the shared harness (@kazi/testing) plus complaint bodies and
 * shortcuts that bring a complaint to a given status over HTTP. The agency registry's module runs beside
 * complaints, so agencies named in complaints are real ones, learnt through integration events.
 */
import { randomBytes } from 'node:crypto';
import { agencyRegistryModule } from '@kazi/agency-registry';
import { licenceApplicationBody, VETTING_CHECK_NAMES, vettingCheckBody } from '@kazi/agency-registry/testing';
import { type HttpTestSystem, type Response, startHttpTestSystem } from '@kazi/testing';
import type { Test } from 'tap';
import { COMPLAINT_STATUSES } from '../domain/complaint/vocabulary.ts';
import { complaintsModule } from '../main.ts';
import { complaintBody } from '../testing/index.ts';

export {
  assertProblem,
  type CallOptions,
  errorPaths,
  PROBLEM_JSON,
  type Response,
  TODAY,
  token,
} from '@kazi/testing';

// Each complaint body has its own personal data, so a leak can be traced to its test (the service's test data).
export { complaintBody } from '../testing/index.ts';

/** The modules the complaint route tests run: the registry, whose agencies complaints name, and complaints. */
export const complaintModules = { agencyRegistry: agencyRegistryModule, complaints: complaintsModule };

export interface ComplaintsTestSystem extends HttpTestSystem<typeof complaintModules> {
  /** POST /complaints (hotline by default); fails the test unless 201. */
  lodge(
    overrides?: Record<string, unknown>,
    options?: { token?: string; idempotencyKey?: string },
  ): Promise<{
    id: string;
    reference: string;
    trackingPin: string;
    version: number;
    severity: string;
    body: Record<string, unknown>;
  }>;
  /** POST /complaints/:id/<route> with expectedVersion in the body; fails the test unless 200. Returns the new version. */
  act(
    id: string,
    route: string,
    version: number | undefined,
    body?: Record<string, unknown>,
    tokenOf?: string,
  ): Promise<number>;
  /** Ids of every complaint in the queue, in every status, after caughtUp (a refused lodging must not add one). */
  allQueued(): Promise<string[]>;
  /** An agency licensed by the registry and known to the complaints service's own view. */
  licensedAgency(name?: string): Promise<{ id: string; name: string; version: number }>;
  /** Waits until the complaints service's agency view shows `status` for the agency. */
  agencyKnownAs(agencyId: string, status: string): Promise<void>;
}

export async function startComplaintsTestSystem(
  t: Test,
  label = 'cmp',
  env: Record<string, string> = {},
): Promise<ComplaintsTestSystem> {
  const harness = await startHttpTestSystem(t, { modules: complaintModules, label, env });
  const { call, tokens, expectStatus } = harness;

  const lodge: ComplaintsTestSystem['lodge'] = async (overrides = {}, options = {}) => {
    const body = complaintBody(overrides);
    const r: Response = await call('POST', '/complaints', {
      token: options.token ?? tokens.hotline,
      body,
      ...(options.idempotencyKey ? { headers: { 'idempotency-key': options.idempotencyKey } } : {}),
    });
    expectStatus(r, 201, 'POST /complaints');
    return {
      id: r.body.id,
      reference: r.body.reference,
      trackingPin: r.body.trackingPin,
      version: r.body.version,
      severity: r.body.severity,
      body,
    };
  };

  const act: ComplaintsTestSystem['act'] = async (
    id,
    route,
    version,
    body = {},
    tokenOf = tokens.officer,
  ) => {
    const r = await call('POST', `/complaints/${id}/${route}`, {
      token: tokenOf,
      body: version === undefined ? body : { ...body, expectedVersion: version },
    });
    expectStatus(r, 200, `POST /complaints/${id}/${route}`);
    return r.body.version as number;
  };

  const agencyKnownAs = async (agencyId: string, status: string) => {
    const view = harness.system.modules.complaints.agencies;
    const deadline = Date.now() + 10_000;
    while ((await view.get(agencyId))?.status !== status) {
      if (Date.now() > deadline)
        throw new Error(`agency ${agencyId} never became ${status} in the complaints view`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const licensedAgency = async (
    name = `Al-Safa Manpower Recruitment ${randomBytes(3).toString('hex')} Ltd`,
  ) => {
    const applied = await call('POST', '/agencies', {
      token: tokens.officer,
      body: licenceApplicationBody({ name }),
    });
    expectStatus(applied, 201, 'POST /agencies');
    const id = applied.body.id as string;
    let version = 1;
    for (const check of VETTING_CHECK_NAMES) {
      const r = await call('POST', `/agencies/${id}/vetting-checks`, {
        token: tokens.officer,
        body: vettingCheckBody(check),
      });
      expectStatus(r, 200, 'vetting check');
      version = r.body.version;
    }
    const approved = await call('POST', `/agencies/${id}/approval`, {
      token: tokens.director,
      body: { expectedVersion: version },
    });
    expectStatus(approved, 200, 'approval');
    await agencyKnownAs(id, 'licensed');
    return { id, name, version: approved.body.version as number };
  };

  const allQueued = async () => {
    await harness.caughtUp();
    const ids: string[] = [];
    for (const status of COMPLAINT_STATUSES) {
      let cursor: string | null = null;
      do {
        const url: string = `/complaints?status=${status}&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
        const r = await call('GET', url, { token: tokens.officer });
        expectStatus(r, 200, `GET ${url}`);
        ids.push(...r.body.items.map((i: { id: string }) => i.id));
        cursor = r.body.nextCursor;
      } while (cursor);
    }
    return ids.sort();
  };

  return { ...harness, lodge, act, allQueued, licensedAgency, agencyKnownAs };
}
