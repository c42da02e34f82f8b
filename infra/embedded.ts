/** `npm start`: the whole system on one base URL (default http://127.0.0.1:8080). */
import { installGracefulShutdown } from '@kazi/service-kit';
import { startSystem } from './system.ts';

try {
  const system = await startSystem();
  installGracefulShutdown({ app: system.app, stop: [{ name: 'system', stop: system.stop }] });
  const base = system.url.replace('0.0.0.0', '127.0.0.1');
  process.stderr.write(
    [
      '',
      `Kazi Salama is running at ${base}`,
      `  API docs (OpenAPI):  ${base}/docs   (JSON: ${base}/docs/json)`,
      `  health:              ${base}/health/ready`,
      `  metrics:             ${base}/metrics`,
      '  a token:             npm run -s token -- --role nea-officer --sub officer-1',
      '  hotline token:       npm run -s token -- --role hotline --sub hotline-vendor',
      '  public register:     curl ' + `${base}/public/agencies?q=`,
      '  complaint status:    curl ' + `'${base}/public/complaints/status?reference=NEA-…&pin=…'`,
      '',
    ].join('\n') + '\n',
  );
} catch (error) {
  process.stderr.write(
    `kazi-salama could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
