import { complaintBody } from '@kazi/complaints/testing';
import { startSystemProcess } from '@kazi/system/process';
import { cleanupNamespace, uniqueNamespace } from '@kazi/test-servers';
import t from 'tap';

/**
 * The whole system as `npm start` runs it, as the hotline uses it: a complaint lodged with an
 * Idempotency-Key (and retried), tracked by the caller with reference and PIN, triaged, referred to the
 * attaché in Riyadh, resolved, closed and its complainant's data erased — then the process logs are
 * searched for the complainant's name, phone, ids and narrative.
 */
t.test('a complaint from the hotline to erasure', async (t) => {
  const namespace = uniqueNamespace('e2ec');
  // Debug logging: the most the process would ever write must still hold no personal data.
  const system = await startSystemProcess(namespace, { LOG_LEVEL: 'debug' });
  t.teardown(async () => {
    await system.stop();
    await cleanupNamespace(namespace);
  });
  const hotline = await system.token(['hotline'], { sub: 'hotline-vendor', name: 'NEA Hotline' });
  const officer = await system.token(['nea-officer'], { sub: 'officer-1', name: 'Achieng Otieno' });
  const director = await system.token(['nea-director'], { sub: 'director-1', name: 'Kamau Njoroge' });
  const attache = await system.token(['labour-attache'], {
    sub: 'attache-sa',
    name: 'Attaché Riyadh',
    mission: 'SA',
  });
  const call = system.call;

  const personal = {
    fullName: 'Faith Nyokabi Kamau',
    phone: '+254733918274',
    nationalId: '29384756',
    passportNumber: 'AK9382716',
    narrative: 'My employer in Riyadh locked me in the house and took my passport.',
  };
  const complaint = complaintBody({
    complainant: {
      fullName: personal.fullName,
      phone: personal.phone,
      sex: 'female',
      dateOfBirth: '1998-02-14',
      nationalId: personal.nationalId,
      passportNumber: personal.passportNumber,
    },
    location: { country: 'SA', city: 'Riyadh' },
    agencyName: 'Unknown Gulf Jobs',
    employer: { name: 'A household in Al Olaya', country: 'SA' },
    categories: ['confinement', 'document-confiscation'],
    narrative: personal.narrative,
  });

  // A mistyped phone is refused without echoing it anywhere.
  const refused = await call('POST', '/complaints', hotline, {
    ...complaint,
    complainant: { ...complaint.complainant, phone: '0733 918274' },
  });
  t.equal(refused.status, 400, 'a bad phone number is a 400');
  t.notOk(JSON.stringify(refused.body).includes('918274'), 'the problem does not echo the number');

  const lodged = await call('POST', '/complaints', hotline, complaint, {
    'idempotency-key': 'call-20260301-0001',
  });
  t.equal(lodged.status, 201, 'lodged');
  t.match(lodged.body, {
    reference: /^NEA-\d{4}-\d{6}$/,
    trackingPin: /^[A-Z0-9]{10}$/,
    severity: 'critical',
    status: 'lodged',
  });
  const { id, reference, trackingPin } = lodged.body;
  const retried = await call('POST', '/complaints', hotline, complaint, {
    'idempotency-key': 'call-20260301-0001',
  });
  t.same(retried.body, lodged.body, 'the hotline retry gets the first response, PIN included');

  const status = async (pin = trackingPin) => {
    for (let i = 0; i < 100; i++) {
      const r = await call('GET', `/public/complaints/status?reference=${reference}&pin=${pin}`);
      if (r.status !== 404 || pin !== trackingPin) return r;
      await new Promise((resolve) => setTimeout(resolve, 100)); // the reference index is a projection
    }
    throw new Error('status never found');
  };
  const tracked = await status();
  t.equal(tracked.status, 200, 'the caller tracks the complaint');
  t.same(
    Object.keys(tracked.body).sort(),
    ['lastUpdated', 'reference', 'status'],
    'status and last update only',
  );
  t.equal((await status('WRONGPIN')).status, 404, 'a wrong PIN is a 404');

  let version = lodged.body.version as number;
  const step = async (path: string, body: Record<string, unknown>, token = officer) => {
    const r = await call('POST', `/complaints/${id}/${path}`, token, { ...body, expectedVersion: version });
    t.equal(r.status, 200, `${path}: 200`);
    version = r.body.version;
    return r.body;
  };
  await step('triage', {
    reason: 'confinement and passport held: trafficking signs',
    traffickingSuspected: true,
  });
  await step('assignment', { assignee: 'officer-2' });
  const note = await call('POST', `/complaints/${id}/notes`, hotline, {
    text: 'Caller phoned again from a neighbour phone.',
  });
  t.equal(note.status, 200, 'the hotline adds a follow-up note');
  version = note.body.version;
  t.equal(
    (await call('GET', `/complaints/${id}`, attache)).status,
    403,
    'the attaché sees nothing before the referral',
  );
  await step('referral', { to: 'labour-attache', note: 'rescue needed' });
  const seenByAttache = await call('GET', `/complaints/${id}`, attache);
  t.equal(seenByAttache.status, 200, 'the attaché in Riyadh reads the referred complaint');
  t.equal(seenByAttache.body.complainant.phone, personal.phone, 'with the contact they need');
  await step('referral', { to: 'counter-trafficking' });
  await step('resolution', { outcome: 'resolved-in-favour', remedy: { kind: 'repatriated' } });
  t.equal((await status()).body.status, 'resolved', 'the caller sees the resolution');
  await step('closure', {});
  await step('erasure', { reason: 'the complainant asked for erasure (DPA s.40)' }, director);

  const erased = await call('GET', `/complaints/${id}`, officer);
  t.equal(erased.body.personalData, 'erased');
  t.same(
    [
      erased.body.complainant.fullName,
      erased.body.complainant.phone,
      erased.body.complainant.nationalId,
      erased.body.narrative,
      erased.body.notes[0].text,
    ],
    [null, null, null, null, null],
    'name, phone, ids, narrative and notes are gone',
  );
  t.match(
    erased.body,
    {
      complainant: { sex: 'female', ageBand: '25-34' },
      location: { country: 'SA' },
      categories: complaint.categories,
      status: 'closed',
    },
    'the facts for statistics remain',
  );
  const replay = await call('POST', '/complaints', hotline, complaint, {
    'idempotency-key': 'call-20260301-0001',
  });
  t.equal(replay.body.trackingPin, null, 'the stored first response lost its PIN with the key');

  t.equal(await system.stop(), 0, 'graceful shutdown');
  const logs = system.output();
  t.ok(logs.includes('request completed'), 'the process logged its requests');
  for (const [field, value] of Object.entries({
    ...personal,
    trackingPin,
    dateOfBirth: '1998-02-14',
    narrativeWord: 'neighbour',
  })) {
    t.notOk(logs.includes(value), `no log line holds the ${field}`);
  }
});
