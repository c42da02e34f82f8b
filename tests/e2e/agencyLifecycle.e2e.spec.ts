import { cleanupNamespace, startSystemProcess, uniqueNamespace } from '@kazi/testing';
import t from 'tap';

/**
 * The whole system as `npm start` runs it: an agency from application to revocation over HTTP, with the
 * public register checked at each step, then a graceful shutdown.
 */
const CHECKS = [
  'business-registration',
  'tax-compliance',
  'directors-police-clearance',
  'office-inspection',
  'security-guarantee',
  'association-membership',
  'code-of-conduct',
];

t.test('an agency from application to revocation', async (t) => {
  const namespace = uniqueNamespace('e2e');
  const system = await startSystemProcess(namespace);
  t.teardown(async () => {
    await system.stop();
    await cleanupNamespace(namespace);
  });
  const officer = await system.token(['nea-officer'], { sub: 'officer-1', name: 'Achieng Otieno' });
  const director = await system.token(['nea-director'], { sub: 'director-1', name: 'Kamau Njoroge' });
  const call = async (method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${system.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  /** The register is a projection: poll briefly until it shows what we expect. */
  const registerShows = async (name: string, want: Record<string, unknown> | undefined) => {
    for (let i = 0; i < 100; i++) {
      const { body } = await call('GET', `/public/agencies?q=${encodeURIComponent(name)}`);
      const entry = body.items.find((e: { name: string }) => e.name === name);
      if (want === undefined ? entry === undefined : entry && Object.entries(want).every(([k, v]) => entry[k] === v)) return entry;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`public register never showed ${name} as ${JSON.stringify(want)}`);
  };

  const name = 'Safari Recruiters Ltd';
  const application = {
    name,
    registrationNumber: 'PVT-2024-001',
    kraPin: 'P051234567X',
    county: 'Nairobi',
    physicalAddress: 'Moi Avenue 12, Nairobi',
    phone: '+254712345678',
    email: 'info@safari.example',
    directors: [{ fullName: 'Jane Wanjiku', nationalId: '12345678', nationality: 'KE' }],
    guarantee: { kind: 'bank', issuer: 'KCB', reference: 'BG-778', amountKes: 1_500_000 },
  };

  const created = await call('POST', '/agencies', officer, application, { 'idempotency-key': 'e2e-app-1' });
  t.equal(created.status, 201, 'application recorded');
  t.match(created.body, { status: 'applied', version: 1 });
  const id = created.body.id as string;
  const again = await call('POST', '/agencies', officer, application, { 'idempotency-key': 'e2e-app-1' });
  t.same(again.body, created.body, 'a retried request with the same key returns the first response');
  await registerShows(name, undefined);

  let version = 1;
  for (const check of CHECKS) {
    const r = await call('POST', `/agencies/${id}/vetting-checks`, officer, { check, outcome: 'pass', note: 'seen' });
    t.equal(r.status, 200, `vetting check ${check}`);
    version = r.body.version;
  }
  const byVetter = await call('POST', `/agencies/${id}/approval`, await system.token(['nea-director', 'nea-officer'], { sub: 'officer-1' }), { expectedVersion: version });
  t.equal(byVetter.status, 409, 'an approver who vetted is refused (four eyes)');

  const approved = await call('POST', `/agencies/${id}/approval`, director, { expectedVersion: version });
  t.equal(approved.status, 200, 'licence issued');
  t.match(approved.body.licenceNumber, /^NEA\/PRA\/\d{4}\/\d{5}$/);
  version = approved.body.version;
  const listed = await registerShows(name, { status: 'licensed', licenceNumber: approved.body.licenceNumber });
  t.same(Object.keys(listed).sort(), ['licenceNumber', 'name', 'status', 'validUntil'], 'the register shows nothing else');

  const suspended = await call('POST', `/agencies/${id}/suspension`, director, { reason: 'fees charged to workers', expectedVersion: version });
  t.equal(suspended.status, 200, 'suspended');
  await registerShows(name, { status: 'suspended' });
  const stale = await call('POST', `/agencies/${id}/reinstatement`, director, { expectedVersion: version });
  t.equal(stale.status, 409, 'a stale version is refused');

  const reinstated = await call('POST', `/agencies/${id}/reinstatement`, director, {}, { 'if-match': `"${suspended.body.version}"` });
  t.equal(reinstated.status, 200, 'reinstated with If-Match');
  await registerShows(name, { status: 'licensed' });

  const revoked = await call('POST', `/agencies/${id}/revocation`, director, { reason: 'passports confiscated', expectedVersion: reinstated.body.version });
  t.equal(revoked.status, 200, 'revoked');
  await registerShows(name, { status: 'revoked' });
  const afterRevocation = await call('POST', `/agencies/${id}/reinstatement`, director, { expectedVersion: revoked.body.version });
  t.equal(afterRevocation.status, 409, 'revocation is final');

  const record = await call('GET', `/agencies/${id}`, officer);
  t.equal(record.body.status, 'revoked');
  t.equal(record.body.vettingChecks.length, CHECKS.length);
  t.ok(record.body.licenceHistory.length >= 4, 'licence history kept');

  const exitCode = await system.stop();
  t.equal(exitCode, 0, 'graceful shutdown on SIGTERM');

  const logs = system.output();
  t.ok(logs.includes('request completed'), 'the process logged its requests');
  for (const personal of ['Jane Wanjiku', '+254712345678', '12345678', 'info@safari.example']) {
    t.notOk(logs.includes(personal), `no log line holds ${personal}`);
  }
});
