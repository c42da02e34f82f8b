/**
 * Prints a development JWT and nothing else, so it composes: `curl -H "Authorization: Bearer $(...)"`.
 * Usage: tsx scripts/token.ts --role R [--role R2] [--mission XX] [--sub ID] [--name NAME]
 */
import { parseArgs } from 'node:util';
import { baseConfigSchema, loadConfig, signDevToken } from '../packages/service-kit/src/index.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      mission: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
    },
    strict: true,
  });
  const config = loadConfig(baseConfigSchema);
  const token = await signDevToken(
    { roles: values.role ?? [], mission: values.mission, sub: values.sub, name: values.name },
    config,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`token: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
