/**
 * The attaché routes' HTTP tests: the shared harness (@kazi/testing) running the attaché-cases module (and
 * complaints, for referrals), test data from the service's testing entry, and shortcuts that open a case,
 * change it and register an employer over HTTP.
 */
import { complaintsModule } from '@kazi/complaints';
import { type HttpTestSystem, type Response, startHttpTestSystem, token } from '@kazi/testing';
import type { Test } from 'tap';
import type { OpenCaseInput } from '../domain/index.ts';
import { attacheCasesModule } from '../main.ts';
import { employerBody, openCaseBody } from '../testing/index.ts';

export {
  assertProblem,
  type CallOptions,
  errorPaths,
  PROBLEM_JSON,
  type Response,
  TODAY,
  token,
} from '@kazi/testing';
export {
  caseUpdateBody,
  closureBody,
  employerBody,
  newUpdateId,
  openCaseBody,
  repatriationBody,
  vettingBody,
} from '../testing/index.ts';

export const attacheModules = { attacheCases: attacheCasesModule };
/** With complaints: referred complaints open cases, and the complaint hears of the closure. */
export const referralModules = { complaints: complaintsModule, attacheCases: attacheCasesModule };

type Modules = typeof attacheModules | typeof referralModules;

export interface AttacheTestSystem<M extends Modules = typeof attacheModules> extends HttpTestSystem<M> {
  /** A second attaché of the Riyadh mission (four eyes on a blacklisting). */
  attacheSa2: string;
  /** POST /cases (the Riyadh attaché by default); fails the test unless 201. */
  open(
    overrides?: Record<string, unknown>,
    tokenOf?: string,
  ): Promise<{ id: string; version: number; body: OpenCaseInput; response: Response }>;
  /** POST /cases/:id/<route> (the Riyadh attaché by default); fails the test unless 200. Returns the new version. */
  change(id: string, route: string, body: Record<string, unknown>, tokenOf?: string): Promise<number>;
  /** POST /employers; fails the test unless 201. */
  registerEmployer(
    overrides?: Record<string, unknown>,
    tokenOf?: string,
  ): Promise<{ id: string; name: string }>;
  /** POST /employers/:id/vetting; fails the test unless 200. */
  vet(id: string, outcome: string, tokenOf?: string): Promise<void>;
}

export async function startAttacheTestSystem<M extends Modules = typeof attacheModules>(
  t: Test,
  options: { modules?: M; label?: string; env?: Record<string, string> } = {},
): Promise<AttacheTestSystem<M>> {
  const harness = await startHttpTestSystem(t, {
    modules: (options.modules ?? attacheModules) as M,
    label: options.label ?? 'att',
    env: options.env ?? {},
  });
  const { call, tokens, expectStatus } = harness;
  const attacheSa2 = await token(['labour-attache'], {
    sub: 'attache-3',
    name: 'Second Attaché Riyadh',
    mission: 'SA',
  });

  const open: AttacheTestSystem<M>['open'] = async (overrides = {}, tokenOf = tokens.attache) => {
    // Overrides may make any field anything; the tests read the worker's values back as sent.
    const body = openCaseBody(overrides) as unknown as OpenCaseInput;
    const response = await call('POST', '/cases', { token: tokenOf, body });
    expectStatus(response, 201, 'POST /cases');
    return { id: response.body.id, version: response.body.version, body, response };
  };

  const change: AttacheTestSystem<M>['change'] = async (id, route, body, tokenOf = tokens.attache) => {
    const r = await call('POST', `/cases/${id}/${route}`, { token: tokenOf, body });
    expectStatus(r, 200, `POST /cases/${id}/${route}`);
    return r.body.version as number;
  };

  const registerEmployer: AttacheTestSystem<M>['registerEmployer'] = async (
    overrides = {},
    tokenOf = tokens.attache,
  ) => {
    const body = employerBody(overrides);
    const r = await call('POST', '/employers', { token: tokenOf, body });
    expectStatus(r, 201, 'POST /employers');
    return { id: r.body.id as string, name: body.name };
  };

  const vet: AttacheTestSystem<M>['vet'] = async (id, outcome, tokenOf = tokens.attache) => {
    const r = await call('POST', `/employers/${id}/vetting`, {
      token: tokenOf,
      body: { outcome, reason: `vetted ${outcome} in a test` },
    });
    expectStatus(r, 200, `POST /employers/${id}/vetting`);
  };

  return { ...harness, attacheSa2, open, change, registerEmployer, vet };
}
