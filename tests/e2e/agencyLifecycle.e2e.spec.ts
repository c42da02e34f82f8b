import { licenceApplicationBody, VETTING_CHECK_NAMES, vettingCheckBody } from '@kazi/agency-registry/testing';
import { startSystemProcess } from '@kazi/system/process';
import { cleanupNamespace, uniqueNamespace } from '@kazi/test-servers';
import t from 'tap';

/**
 * The whole system as `npm start` runs it: an agency from application to revocation over HTTP, with the
 * public register checked at each step; then a new agency of one of its directors, flagged; then a
 * graceful shutdown, and the process logs searched for the directors' names and ids.
 */
t.test('an agency from application to revocation', async (t) => {
  const namespace = uniqueNamespace('e2e');
  // Debug logging: the most the process would ever write must still hold no personal data.
  const system = await startSystemProcess(namespace, { LOG_LEVEL: 'debug' });
  t.teardown(async () => {
    await system.stop();
    await cleanupNamespace(namespace);
  });
  const officer = await system.token(['nea-officer'], { sub: 'officer-1', name: 'Achieng Otieno' });
  const director = await system.token(['nea-director'], { sub: 'director-1', name: 'Kamau Njoroge' });
  const call = system.call;
  /** The register is a projection: poll briefly until it shows what we expect. */
  const registerShows = async (name: string, want: Record<string, unknown> | undefined) => {
    for (let i = 0; i < 100; i++) {
      const { body } = await call('GET', `/public/agencies?q=${encodeURIComponent(name)}`);
      const entry = body.items.find((e: { name: string }) => e.name === name);
      if (
        want === undefined
          ? entry === undefined
          : entry && Object.entries(want).every(([k, v]) => entry[k] === v)
      )
        return entry;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`public register never showed ${name} as ${JSON.stringify(want)}`);
  };

  const name = 'Safari Recruiters Ltd';
  const application = licenceApplicationBody({
    name,
    email: 'info@safari.example',
    directors: [
      { fullName: 'Jane Wanjiku', nationalId: '12345678', nationality: 'KE' },
      { fullName: 'Hassan Omar Abdalla', passportNumber: 'AB4729361', nationality: 'KE' },
    ],
  });

  const created = await call('POST', '/agencies', officer, application, { 'idempotency-key': 'e2e-app-1' });
  t.equal(created.status, 201, 'application recorded');
  t.match(created.body, { status: 'applied', version: 1 });
  const id = created.body.id as string;
  const again = await call('POST', '/agencies', officer, application, { 'idempotency-key': 'e2e-app-1' });
  t.same(again.body, created.body, 'a retried request with the same key returns the first response');
  await registerShows(name, undefined);

  let version = 1;
  for (const check of VETTING_CHECK_NAMES) {
    const r = await call(
      'POST',
      `/agencies/${id}/vetting-checks`,
      officer,
      vettingCheckBody(check, { note: 'seen' }),
    );
    t.equal(r.status, 200, `vetting check ${check}`);
    version = r.body.version;
  }
  const byVetter = await call(
    'POST',
    `/agencies/${id}/approval`,
    await system.token(['nea-director', 'nea-officer'], { sub: 'officer-1' }),
    { expectedVersion: version },
  );
  t.equal(byVetter.status, 409, 'an approver who vetted is refused (four eyes)');

  const approved = await call('POST', `/agencies/${id}/approval`, director, { expectedVersion: version });
  t.equal(approved.status, 200, 'licence issued');
  t.match(approved.body.licenceNumber, /^NEA\/PRA\/\d{4}\/\d{5}$/);
  version = approved.body.version;
  const listed = await registerShows(name, {
    status: 'licensed',
    licenceNumber: approved.body.licenceNumber,
  });
  t.same(
    Object.keys(listed).sort(),
    ['licenceNumber', 'name', 'status', 'validUntil'],
    'the register shows nothing else',
  );

  const suspended = await call('POST', `/agencies/${id}/suspension`, director, {
    reason: 'fees charged to workers',
    expectedVersion: version,
  });
  t.equal(suspended.status, 200, 'suspended');
  await registerShows(name, { status: 'suspended' });
  const stale = await call('POST', `/agencies/${id}/reinstatement`, director, { expectedVersion: version });
  t.equal(stale.status, 409, 'a stale version is refused');

  const reinstated = await call(
    'POST',
    `/agencies/${id}/reinstatement`,
    director,
    {},
    { 'if-match': `"${suspended.body.version}"` },
  );
  t.equal(reinstated.status, 200, 'reinstated with If-Match');
  await registerShows(name, { status: 'licensed' });

  const revoked = await call('POST', `/agencies/${id}/revocation`, director, {
    reason: 'passports confiscated',
    expectedVersion: reinstated.body.version,
  });
  t.equal(revoked.status, 200, 'revoked');
  await registerShows(name, { status: 'revoked' });
  const afterRevocation = await call('POST', `/agencies/${id}/reinstatement`, director, {
    expectedVersion: revoked.body.version,
  });
  t.equal(afterRevocation.status, 409, 'revocation is final');

  const record = await call('GET', `/agencies/${id}`, officer);
  t.equal(record.body.status, 'revoked');
  t.equal(record.body.vettingChecks.length, VETTING_CHECK_NAMES.length);
  t.ok(record.body.licenceHistory.length >= 4, 'licence history kept');
  t.same(
    record.body.directors.map(
      (d: { fullName: string; nationalId: string | null; passportNumber: string | null }) => [
        d.fullName,
        d.nationalId,
        d.passportNumber,
      ],
    ),
    [
      ['Jane Wanjiku', '12345678', null],
      ['Hassan Omar Abdalla', null, 'AB4729361'],
    ],
    'the record shows its directors',
  );

  // The officers' index is a projection too: wait until it knows of the revocation.
  for (let i = 0; i < 100; i++) {
    const { body } = await call('GET', `/agencies?status=revoked&q=${encodeURIComponent(name)}`, officer);
    if (body.items.length > 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const successor = await call(
    'POST',
    '/agencies',
    officer,
    licenceApplicationBody({
      name: 'Safari Successors Ltd',
      directors: [{ fullName: 'Jane W. Wanjiku', nationalId: '12345678', nationality: 'KE' }],
    }),
  );
  t.equal(successor.status, 201, 'a new application by a director of the revoked agency');
  const flagged = await call('GET', `/agencies/${successor.body.id}`, director);
  t.same(
    flagged.body.flags,
    [
      {
        kind: 'director-of-revoked-agency',
        revokedAgencyId: id,
        revokedAgencyName: name,
        directorIndex: 0,
        director: 'nid:12345678',
      },
    ],
    'is flagged, naming the revoked agency and the director',
  );

  const exitCode = await system.stop();
  t.equal(exitCode, 0, 'graceful shutdown on SIGTERM');

  const logs = system.output();
  t.ok(logs.includes('request completed'), 'the process logged its requests');
  for (const personal of [
    'Wanjiku',
    'Hassan Omar Abdalla',
    'AB4729361',
    '+254712345678',
    '12345678',
    'info@safari.example',
  ]) {
    t.notOk(logs.includes(personal), `no log line holds ${personal}`);
  }
});
