/**
 * `npm run demo`: fills a running system (`npm start`) with a realistic data set through its HTTP API
 * (runDemo.ts): Kenya's agreements, employers abroad, a few hundred agencies, thousands of complaints,
 * the attachés' cases and repatriations. Runs again harmlessly: a second run adds nothing.
 *
 * BASE_URL (default http://127.0.0.1:8080) says where; development tokens are minted for each role
 * (KAZI_DEV=1, as `npm run demo` sets). DEMO_SEED (default `kenya-2026`) chooses the data set;
 * DEMO_AGENCIES (300), DEMO_COMPLAINTS (3000), DEMO_CASES (400, besides those opened by referrals),
 * DEMO_EMPLOYERS (60) its sizes; DEMO_CONCURRENCY (8) the requests in flight.
 */
import { baseConfigSchema, loadConfig, signDevToken } from '@kazi/service-kit';
import { z } from 'zod';
import { DemoClient, SystemUnreachable } from './client.ts';
import { type DemoSummary, runDemo } from './runDemo.ts';

const size = (fallback: number) => z.coerce.number().int().min(0).max(1_000_000).default(fallback);
const demoConfigSchema = z.object({
  BASE_URL: z.url().default('http://127.0.0.1:8080'),
  DEMO_SEED: z.string().trim().min(1).max(100).default('kenya-2026'),
  DEMO_AGENCIES: size(300),
  DEMO_COMPLAINTS: size(3000),
  DEMO_CASES: size(400),
  DEMO_EMPLOYERS: size(60),
  DEMO_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
});

function printSummary(baseUrl: string, summary: DemoSummary, seconds: number, client: DemoClient): void {
  const line = (what: string, t: DemoSummary['agencies']) =>
    `  ${what.padEnd(11)} created ${String(t.created).padStart(5)}, already there ${String(t.alreadyThere).padStart(5)}, steps taken ${String(t.steps).padStart(6)}${t.failed ? `, FAILED ${t.failed}` : ''}\n`;
  process.stderr.write(
    `demo at ${baseUrl} done in ${seconds.toFixed(1)} s (${client.requests} requests, ${client.retries} sent again after 503/429 or a lost answer):\n` +
      line('agreements', summary.blmas) +
      line('employers', summary.employers) +
      line('agencies', summary.agencies) +
      line('complaints', summary.complaints) +
      line('cases', summary.cases) +
      `  and ${summary.referredCases.alreadyThere} case(s) opened by referrals, followed up: steps taken ${summary.referredCases.steps}${summary.referredCases.failed ? `, FAILED ${summary.referredCases.failed}` : ''}\n` +
      summary.failures.map((f) => `  failure: ${f}\n`).join(''),
  );
}

async function main(): Promise<void> {
  const config = demoConfigSchema.parse(process.env);
  const tokenConfig = loadConfig(baseConfigSchema);
  const client = new DemoClient(config.BASE_URL, config.DEMO_CONCURRENCY);
  // A clear message when nothing answers, before any token or plan is made.
  const ready = await client.send('GET', '/health/ready', '');
  if (ready.status !== 200)
    throw new Error(`the system at ${config.BASE_URL} is not ready (GET /health/ready: ${ready.status})`);
  const started = Date.now();
  const summary = await runDemo({
    client,
    baseUrl: config.BASE_URL,
    seed: config.DEMO_SEED,
    sizes: {
      agencies: config.DEMO_AGENCIES,
      complaints: config.DEMO_COMPLAINTS,
      cases: config.DEMO_CASES,
      employers: config.DEMO_EMPLOYERS,
    },
    mint: (request) => signDevToken(request, tokenConfig),
    width: config.DEMO_CONCURRENCY * 2,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  printSummary(config.BASE_URL, summary, (Date.now() - started) / 1000, client);
  if (summary.failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    error instanceof SystemUnreachable ? `demo: ${message}\n` : `demo: stopped: ${message}\n`,
  );
  process.exitCode = 1;
});
