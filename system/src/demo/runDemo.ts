/**
 * `npm run demo`'s loader: a realistic data set (plans.ts) made through the services' own HTTP APIs, so
 * every oversight answer has something to show. Idempotent, and safe to run again after an interruption:
 * - an item is first looked up by a mark of its own (an agency's registration number, an employer's, a
 *   complainant's or worker's passport number), and created only when none is found, with an
 *   Idempotency-Key made of the seed and its index (so a creation whose answer was lost, or that a read
 *   model has not shown yet, is answered with the first one's id rather than made twice);
 * - then only the steps it lacks are taken, judged from its record (vetting checks and licence history,
 *   complaint history and referrals, a case's updateIds), each with the version just read; a case change
 *   carries an updateId of its own, which the service answers as the first time when sent again.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { loadDemo } from '@kazi/blma-records/demo';
import { COMPLAINT_STATUSES } from '@kazi/complaints/domain';
import { type DemoClient, RefusedRequest, SystemUnreachable } from './client.ts';
import {
  type AgencyPlan,
  type AgencyStep,
  agencyPlans,
  type CasePlan,
  type CaseStep,
  type ComplaintPlan,
  type ComplaintStep,
  casePlans,
  complaintPlans,
  type DemoSizes,
  type EmployerPlan,
  employerPlans,
  seedMark,
} from './plans.ts';
import { MISSIONS, type Mission } from './vocabulary.ts';

export type MintToken = (request: {
  roles: string[];
  sub: string;
  name: string;
  mission?: string;
}) => Promise<string>;

export interface DemoOptions {
  client: DemoClient;
  baseUrl: string;
  seed: string;
  sizes: DemoSizes;
  mint: MintToken;
  /** Items worked on at once (the client bounds the requests in flight). */
  width?: number;
  /** Progress lines (stderr in main.ts). */
  log?: (line: string) => void;
  progressEveryMs?: number;
}

export interface Tally {
  created: number;
  alreadyThere: number;
  steps: number;
  failed: number;
}

/**
 * `referredCases` are the cases each referral to a labour attaché opened by itself: `alreadyThere` counts
 * those found and followed up; `cases` are those the attachés opened.
 */
export type DemoSummary = Record<
  'blmas' | 'employers' | 'agencies' | 'complaints' | 'referredCases' | 'cases',
  Tally
> & {
  failures: string[];
};

const tally = (): Tally => ({ created: 0, alreadyThere: 0, steps: 0, failed: 0 });

/** How long a referral's case, or a new agency in the complaints' view, may take to appear. */
const EVENTUALLY_MS = 120_000;

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const { client, seed, sizes, mint } = options;
  const log = options.log ?? (() => {});
  const width = options.width ?? 16;
  const summary: DemoSummary = {
    blmas: tally(),
    employers: tally(),
    agencies: tally(),
    complaints: tally(),
    referredCases: tally(),
    cases: tally(),
    failures: [],
  };
  const key = (kind: string, index: number | string) => `demo-${seed}-${kind}-${index}`;

  const officer = await mint({ roles: ['nea-officer'], sub: 'demo-officer', name: 'Achieng Otieno (demo)' });
  const director = await mint({
    roles: ['nea-director'],
    sub: 'demo-director',
    name: 'Kamau Njoroge (demo)',
  });
  const hotline = await mint({ roles: ['hotline'], sub: 'demo-hotline', name: 'NEA Hotline (demo)' });
  const mol = await mint({ roles: ['mol-officer'], sub: 'demo-mol', name: 'BLMA desk (demo)' });
  const attache = Object.fromEntries(
    await Promise.all(
      MISSIONS.map(async (m) => [
        m,
        await mint({
          roles: ['labour-attache'],
          sub: `demo-attache-${m}`,
          name: `Labour attaché ${m} (demo)`,
          mission: m,
        }),
      ]),
    ),
  ) as Record<Mission, string>;

  /** Runs `work` over `items`, `width` at a time, counting failures instead of stopping (but not an outage). */
  async function each<T>(
    phase: string,
    items: T[],
    t: Tally,
    work: (item: T) => Promise<void>,
  ): Promise<void> {
    let next = 0;
    let done = 0;
    const started = Date.now();
    const report = () =>
      log(
        `demo: ${phase} ${done}/${items.length} (created ${t.created}, already there ${t.alreadyThere}, steps ${t.steps}${t.failed ? `, failed ${t.failed}` : ''}) ${client.requests} requests in ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    const timer = setInterval(report, options.progressEveryMs ?? 5000);
    try {
      await Promise.all(
        Array.from({ length: Math.min(width, items.length) }, async () => {
          while (next < items.length) {
            const item = items[next++] as T;
            try {
              await work(item);
            } catch (error) {
              if (error instanceof SystemUnreachable) throw error;
              t.failed++;
              if (summary.failures.length < 20)
                summary.failures.push(`${phase}: ${(error as Error).message}`);
            }
            done++;
          }
        }),
      );
    } finally {
      clearInterval(timer);
    }
    report();
  }

  /** Reads, takes the steps not yet taken, and reads again when another writer got in first (409). */
  async function advance<R, S>(
    t: Tally,
    read: () => Promise<R & { version: number }>,
    steps: S[],
    taken: (step: S, record: R) => boolean,
    take: (step: S, version: number) => Promise<number>,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const record = await read();
      let version = record.version;
      try {
        for (const step of steps) {
          if (taken(step, record)) continue;
          version = await take(step, version);
          t.steps++;
        }
        return;
      } catch (error) {
        const stale =
          error instanceof RefusedRequest && error.status === 409 && /stale|contention/.test(error.slug);
        if (!stale || attempt >= 5) throw error;
      }
    }
  }

  /** Polls `find` until it answers (a read model catching up), for up to EVENTUALLY_MS. */
  async function eventually<T>(what: string, find: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + EVENTUALLY_MS;
    for (let wait = 200; ; wait = Math.min(wait * 2, 3000)) {
      const found = await find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`${what} did not appear within ${EVENTUALLY_MS / 1000} s`);
      await sleep(wait);
    }
  }

  const post = (path: string, token: string, body: unknown, idempotencyKey?: string) =>
    client.ok('POST', path, token, { body, ...(idempotencyKey ? { key: idempotencyKey } : {}) });
  const count = (t: Tally, replayed: boolean) => (replayed ? t.alreadyThere++ : t.created++);

  // ——— Kenya's agreements: the BLMA desk's own loader ———
  log('demo: bilateral labour agreements');
  const blmas = await loadDemo(options.baseUrl, mol);
  summary.blmas = {
    created: blmas.recorded.length,
    alreadyThere: blmas.alreadyThere.length,
    steps: blmas.steps,
    failed: 0,
  };

  // ——— Employers abroad, registered and vetted by the attachés ———
  const employers = employerPlans(seed, sizes.employers);
  const employerIds = new Map<number, string>();
  await each('employers', employers, summary.employers, async (plan: EmployerPlan) => {
    const { name, country, registrationNumber } = plan.body;
    const search = () =>
      client
        .get(`/employers?q=${encodeURIComponent(name)}&country=${country}&limit=20`, officer)
        .then((r: { items: Array<{ employerId: string; registrationNumber: string | null }> }) =>
          r.items.find((e) => e.registrationNumber === registrationNumber),
        );
    let id = (await search())?.employerId;
    if (id === undefined) {
      const created = await post('/employers', attache[country], plan.body, key('employer', plan.index));
      id = created.body.id as string;
      count(summary.employers, created.replayed);
    } else summary.employers.alreadyThere++;
    employerIds.set(plan.index, id);
    const record: { vettings: unknown[] } = await client.get(`/employers/${id}`, officer);
    for (const [k, vetting] of plan.vettings.entries()) {
      if (record.vettings.length > k) continue;
      await post(`/employers/${id}/vetting`, attache[country], vetting);
      summary.employers.steps++;
    }
  });

  // ——— Agencies: applied, vetted, licensed, renewed, suspended, reinstated, revoked ———
  const agencies = agencyPlans(seed, sizes.agencies);
  const agencyIds = new Map<number, string>();
  const registered = new Map(
    (await client.all<{ id: string; registrationNumber: string }>('/agencies', officer)).map((a) => [
      a.registrationNumber,
      a.id,
    ]),
  );
  type AgencyRecord = {
    vettingChecks: Array<{ check: string }>;
    licenceHistory: Array<{ event: string }>;
  };
  const agencyTaken = (step: AgencyStep, a: AgencyRecord) => {
    const events = (event: string) => a.licenceHistory.filter((h) => h.event === event).length;
    switch (step.kind) {
      case 'check':
        return a.vettingChecks.filter((c) => c.check === step.check).length >= step.nth;
      case 'approval':
        return events('issued') > 0;
      case 'rejection':
        return events('rejected') > 0;
      case 'renewal':
        return events('renewed') > 0;
      case 'suspension':
        return events('suspended') >= step.nth;
      case 'reinstatement':
        return events('reinstated') > 0;
      case 'revocation':
        return events('revoked') > 0;
    }
  };
  const takeAgencyStep = async (id: string, step: AgencyStep, expectedVersion: number) => {
    const path = `/agencies/${id}`;
    const answer =
      step.kind === 'check'
        ? await post(`${path}/vetting-checks`, officer, {
            check: step.check,
            outcome: step.outcome,
            note: step.note,
            expectedVersion,
          })
        : await post(`${path}/${step.kind}`, director, {
            ...('reason' in step ? { reason: step.reason } : {}),
            expectedVersion,
          });
    return answer.body.version as number;
  };
  const loadAgency = async (plan: AgencyPlan) => {
    const registrationNumber = String(plan.body.registrationNumber);
    let id = registered.get(registrationNumber);
    if (id === undefined) {
      try {
        const created = await post('/agencies', officer, plan.body, key('agency', plan.index));
        id = created.body.id as string;
        count(summary.agencies, created.replayed);
      } catch (error) {
        // Applied for by an earlier run whose key has expired, and not yet in the list read above.
        if (!(error instanceof RefusedRequest && error.slug === 'duplicate-registration-number')) throw error;
        id = await eventually(`agency ${registrationNumber}`, async () => {
          const found = await client.get(`/agencies?q=${encodeURIComponent(registrationNumber)}`, officer);
          return (found.items as Array<{ id: string }>)[0]?.id;
        });
        summary.agencies.alreadyThere++;
      }
    } else summary.agencies.alreadyThere++;
    const agencyId = id;
    agencyIds.set(plan.index, agencyId);
    await advance<AgencyRecord, AgencyStep>(
      summary.agencies,
      () => client.get(`/agencies/${agencyId}`, officer),
      plan.steps,
      agencyTaken,
      (step, version) => takeAgencyStep(agencyId, step, version),
    );
  };
  // Agencies re-registered by a revoked agency's director come after the revocations, to be flagged.
  await each(
    'agencies',
    agencies.filter((a) => a.phoenixOf === null),
    summary.agencies,
    loadAgency,
  );
  await each(
    'agencies (revoked directors again)',
    agencies.filter((a) => a.phoenixOf !== null),
    summary.agencies,
    loadAgency,
  );

  // ——— Complaints through the hotline, then triage, referral, resolution, closure ———
  const complaints = complaintPlans(seed, sizes.complaints, agencies, employers);
  const mark = seedMark(seed);
  const ours = new RegExp(`^A${mark.letters.slice(0, 2)}\\d{6}$`);
  type ComplaintRecord = {
    id: string;
    version: number;
    complainant: { passportNumber: string | null };
    history: Array<{ event: string }>;
    notes: unknown[];
    referrals: Array<{ to: string }>;
  };
  log('demo: looking up complaints lodged by earlier runs');
  const lodged = new Map<string, string>();
  const queue = (
    await Promise.all(
      COMPLAINT_STATUSES.map((status) => client.all<{ id: string }>(`/complaints?status=${status}`, officer)),
    )
  ).flat();
  await each('complaints looked up', queue, tally(), async ({ id }) => {
    const record: ComplaintRecord = await client.get(`/complaints/${id}`, officer);
    const passport = record.complainant.passportNumber;
    if (passport !== null && ours.test(passport)) lodged.set(passport, id);
  });
  const complaintIds = new Map<number, string>();
  const complaintTaken = (step: ComplaintStep, c: ComplaintRecord) => {
    const happened = (event: string) => c.history.some((h) => h.event === event);
    switch (step.kind) {
      case 'note':
        return c.notes.length > 0;
      case 'referral':
        return c.referrals.some((r) => r.to === step.to);
      case 'triage':
        return happened('triaged');
      case 'assignment':
        return happened('assigned');
      case 'resolution':
        return happened('resolved');
      case 'closure':
        return happened('closed');
      case 'withdrawal':
        return happened('withdrawn');
    }
  };
  const complaintBody = (step: ComplaintStep): Record<string, unknown> => {
    switch (step.kind) {
      case 'note':
        return { text: step.text };
      case 'triage':
      case 'resolution':
        return step.body;
      case 'assignment':
        return { assignee: step.assignee };
      case 'referral':
        return { to: step.to, note: step.note };
      case 'withdrawal':
        return { reason: step.reason };
      case 'closure':
        return {};
    }
  };
  await each('complaints', complaints, summary.complaints, async (plan: ComplaintPlan) => {
    let id = lodged.get(plan.marker);
    if (id === undefined) {
      const agencyRef = plan.body.agencyId as string | undefined;
      const body = agencyRef
        ? { ...plan.body, agencyId: agencyIds.get(Number(agencyRef.split(':')[1])) }
        : plan.body;
      // The complaints service hears of new agencies from the registry's events: a moment later.
      const created = await eventually(`complaint ${plan.index}'s agency`, async () => {
        try {
          return await post('/complaints', hotline, body, key('complaint', plan.index));
        } catch (error) {
          if (error instanceof RefusedRequest && error.slug === 'unknown-agency') return undefined;
          throw error;
        }
      });
      id = created.body.id as string;
      count(summary.complaints, created.replayed);
    } else summary.complaints.alreadyThere++;
    const complaintId = id;
    complaintIds.set(plan.index, complaintId);
    await advance<ComplaintRecord, ComplaintStep>(
      summary.complaints,
      () => client.get(`/complaints/${complaintId}`, officer),
      plan.steps,
      complaintTaken,
      async (step, expectedVersion) => {
        const token = step.kind === 'note' ? hotline : officer;
        const answer = await post(
          `/complaints/${complaintId}/${step.kind === 'note' ? 'notes' : step.kind}`,
          token,
          {
            ...complaintBody(step),
            expectedVersion,
          },
        );
        return answer.body.version as number;
      },
    );
  });

  // ——— Attaché cases: those opened by referrals, and those the attachés open themselves ———
  type CaseRecord = {
    id: string;
    version: number;
    personalData: string;
    timeline: Array<{ updateId: string }>;
    repatriation: Array<{ updateId: string }>;
    closure: { updateId: string } | null;
    worker: { passportNumber: string | null };
    complaintId: string | null;
  };
  const caseTaken = (step: CaseStep, c: CaseRecord) => {
    switch (step.kind) {
      case 'worker':
        return c.personalData !== 'none';
      case 'update':
        return c.timeline.some((u) => u.updateId === step.updateId);
      case 'repatriation':
        return c.repatriation.some((u) => u.updateId === step.updateId);
      case 'closure':
        return c.closure?.updateId === step.updateId;
    }
  };
  const followUp = (caseId: string, plan: CasePlan, t: Tally) =>
    advance<CaseRecord, CaseStep>(
      t,
      () => client.get(`/cases/${encodeURIComponent(caseId)}`, officer),
      plan.steps,
      caseTaken,
      async (step, expectedVersion) => {
        const path = {
          worker: 'worker',
          update: 'updates',
          repatriation: 'repatriation',
          closure: 'closure',
        }[step.kind];
        const body = step.kind === 'worker' ? { worker: step.worker } : step.body;
        const answer = await post(`/cases/${encodeURIComponent(caseId)}/${path}`, attache[plan.mission], {
          ...body,
          expectedVersion,
          updateId: step.updateId,
        });
        return answer.body.version as number;
      },
    );

  const referred = complaints.filter((c) => c.attacheCase !== null && complaintIds.has(c.index));
  await each('cases opened by referrals', referred, summary.referredCases, async (plan: ComplaintPlan) => {
    const complaintId = complaintIds.get(plan.index) as string;
    const casePlan = plan.attacheCase as CasePlan;
    const caseId = await eventually(`the case of complaint ${plan.index}`, async () => {
      const found = await client.get(`/cases?complaintId=${encodeURIComponent(complaintId)}`, officer);
      return (found.items as Array<{ id: string }>)[0]?.id;
    });
    summary.referredCases.alreadyThere++;
    await followUp(caseId, casePlan, summary.referredCases);
  });

  const cases = casePlans(seed, sizes.cases, employers);
  const oursCase = new RegExp(`^B${mark.letters.slice(0, 2)}\\d{6}$`);
  const opened = new Map<string, string>();
  const feed = (await client.all<{ id: string; complaintId: string | null }>('/cases', officer)).filter(
    (c) => c.complaintId === null,
  );
  await each('cases looked up', feed, tally(), async ({ id }) => {
    const record: CaseRecord = await client.get(`/cases/${encodeURIComponent(id)}`, officer);
    const passport = record.worker.passportNumber;
    if (passport !== null && oursCase.test(passport)) opened.set(passport, id);
  });
  await each('cases opened by attachés', cases, summary.cases, async (plan: CasePlan) => {
    let id = opened.get(plan.marker as string);
    if (id === undefined) {
      const body = plan.body as Record<string, unknown>;
      const employerRef = body.employerId as string | undefined;
      const employerId = employerRef ? employerIds.get(Number(employerRef.split(':')[1])) : undefined;
      const { employerId: _, ...rest } = body;
      const created = await post(
        '/cases',
        attache[plan.mission],
        employerId ? { ...rest, employerId } : rest,
        key('case', plan.key),
      );
      id = created.body.id as string;
      count(summary.cases, created.replayed);
    } else summary.cases.alreadyThere++;
    await followUp(id, plan, summary.cases);
  });
  return summary;
}
