/**
 * `npm run demo`: loads Kenya's bilateral labour agreements into a running system (`npm start`) through
 * its HTTP API. Runs again harmlessly: what is there already is left as it is.
 *
 * BASE_URL (default http://127.0.0.1:8080) says where; KAZI_TOKEN gives a Ministry officer's token, or,
 * with KAZI_DEV=1, a development token is minted.
 */
import { baseConfigSchema, loadConfig, signDevToken } from '@kazi/service-kit';
import { loadDemo } from './loadDemo.ts';

async function main(): Promise<void> {
  const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
  const token =
    process.env.KAZI_TOKEN ??
    (await signDevToken(
      { roles: ['mol-officer'], sub: 'demo-loader', name: 'BLMA demo loader' },
      loadConfig(baseConfigSchema),
    ));
  const load = await loadDemo(baseUrl, token);
  process.stderr.write(
    `BLMA demo at ${baseUrl}: ${load.recorded.length} agreement(s) recorded, ${load.alreadyThere.length} already there, ${load.steps} lifecycle step(s) taken\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
