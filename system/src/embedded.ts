/** `npm start`: the whole system on one base URL (default http://127.0.0.1:8080). */
import { serveHost } from '@kazi/host';
import { SYSTEM_NAME, systemModules } from './index.ts';

await serveHost({
  name: SYSTEM_NAME,
  modules: systemModules,
  banner: (base) => [
    `Kazi Salama is running at ${base}`,
    `  API docs (OpenAPI):  ${base}/docs   (JSON: ${base}/docs/json)`,
    `  health:              ${base}/health/ready`,
    `  metrics:             ${base}/metrics`,
    '  a token:             npm run -s token -- --role nea-officer --sub officer-1',
    '  hotline token:       npm run -s token -- --role hotline --sub hotline-vendor',
    `  public register:     curl ${base}/public/agencies?q=`,
    `  complaint status:    curl '${base}/public/complaints/status?reference=NEA-…&pin=…'`,
  ],
});
