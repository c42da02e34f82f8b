import t from 'tap';
import {
  assertProblem,
  caseUpdateBody,
  closureBody,
  newUpdateId,
  repatriationBody,
  startAttacheTestSystem,
} from './attacheTestSystem.fixture.ts';

/**
 * The worker's personal data (name, passport number, phone, date of birth, whereabouts) and every text
 * about them are sealed under the worker's own key: never in an event, a read model or an analyst's
 * answer in the clear, and unreadable for everyone once a director erases the key.
 */
t.test("the worker's personal data", async (t) => {
  const sys = await startAttacheTestSystem(t, { label: 'attpriv' });
  const { call, tokens } = sys;
  const { id, body } = await sys.open();
  const note = 'She says the employer keeps her passport in the villa safe.';
  let version = await sys.change(id, 'updates', caseUpdateBody(1, 'note', { note }));
  version = await sys.change(id, 'repatriation', repatriationBody(version, 'planned'));
  const reason = 'Her new employer in Jeddah offered to pay the arrears.';
  version = await sys.change(id, 'repatriation', repatriationBody(version, 'abandoned', { reason }));
  const closingNote = 'Arrears paid in cash at the labour office.';
  version = await sys.change(id, 'closure', closureBody(version, 'resolved', { note: closingNote }));
  const { fullName, passportNumber, phone, dateOfBirth, whereabouts } = body.worker;
  const personal = [
    fullName,
    passportNumber,
    phone,
    whereabouts,
    body.summary,
    note,
    reason,
    closingNote,
  ] as string[];
  await sys.caughtUp();

  await t.test('the full view opens it for the mission and NEA', async (t) => {
    const r = await call('GET', `/cases/${id}`, { token: tokens.officer });
    t.match(r.body, {
      view: 'full',
      personalData: 'held',
      worker: {
        fullName,
        passportNumber,
        phone,
        dateOfBirth,
        whereabouts,
        sex: 'female',
        ageBand: '25-34',
        occupation: '9111',
      },
      summary: body.summary,
      timeline: [{ action: { kind: 'note', note } }],
      repatriation: [{ stage: 'planned' }, { stage: 'abandoned', reason }],
      closure: { outcome: 'resolved', note: closingNote },
      employer: { employerId: null, name: 'Al-Noor Household Services', country: 'SA' },
    });
  });

  await t.test('an analyst reads the case without any of it', async (t) => {
    const r = await call('GET', `/cases/${id}`, { token: tokens.analyst });
    t.equal(r.status, 200);
    for (const value of [...personal, dateOfBirth as string, 'Al-Noor', tokens.attache, 'attache-1'])
      t.notMatch(r.text, value, `no "${value.slice(0, 24)}…"`);
    t.match(r.body, {
      view: 'analyst',
      personalData: 'held',
      worker: { sex: 'female', ageBand: '25-34', occupation: '9111' },
      employer: { employerId: null, name: null, country: 'SA' },
      timeline: [{ action: { kind: 'note' } }],
      repatriation: [{ stage: 'planned' }, { stage: 'abandoned' }],
      closure: { outcome: 'resolved' },
    });
    t.notOk('fullName' in r.body.worker);
    t.notOk('summary' in r.body);
    t.notOk('note' in r.body.timeline[0].action);
  });

  await t.test('the feed and the stored events hold none of it in the clear', async (t) => {
    const feed = await call('GET', `/cases?complaintId=&limit=200`, { token: tokens.analyst });
    t.equal(feed.status, 400, 'an empty complaintId is refused');
    const all = await call('GET', '/cases?limit=200', { token: tokens.analyst });
    t.ok(all.body.items.some((c: { id: string }) => c.id === id));
    for (const value of [...personal, 'Al-Noor'])
      t.notMatch(all.text, value, `feed: no "${value.slice(0, 24)}…"`);
    const { events } = await sys.system.modules.attacheCases.store.readStream(`case.${id}`);
    t.equal(events.length, version);
    const stored = JSON.stringify(events);
    for (const value of [...personal, dateOfBirth as string])
      t.notMatch(stored, value, `events: no "${value.slice(0, 24)}…"`);
  });

  await t.test('erasure: everything about the worker reads as erased, statistics stay', async (t) => {
    const erasure = await call('POST', `/cases/${id}/erasure`, {
      token: tokens.director,
      body: { reason: `Asked by ${fullName} in person.`, expectedVersion: version },
    });
    t.equal(erasure.status, 200);
    t.match(erasure.body, { id, version: version + 1, personalData: 'erased' });
    const r = await call('GET', `/cases/${id}`, { token: tokens.attache });
    t.match(r.body, {
      personalData: 'erased',
      worker: {
        fullName: null,
        passportNumber: null,
        phone: null,
        dateOfBirth: null,
        whereabouts: null,
        sex: 'female',
        ageBand: '25-34',
      },
      summary: null,
      timeline: [{ action: { kind: 'note', note: null } }],
      repatriation: [{ stage: 'planned' }, { stage: 'abandoned', reason: null }],
      closure: { outcome: 'resolved', note: null },
      erasure: { reason: null, by: { sub: 'director-1' } },
    });
    for (const value of personal) t.notMatch(r.text, value);
    assertProblem(
      t,
      await call('POST', `/cases/${id}/erasure`, {
        token: tokens.director,
        body: { reason: 'Again, please.' },
      }),
      409,
      'worker-data-already-erased',
    );
    await sys.caughtUp();
    const feed = await call('GET', `/cases?mission=SA&limit=200`, { token: tokens.officer });
    t.equal(feed.body.items.find((c: { id: string }) => c.id === id)?.personalData, 'erased');
  });

  await t.test('after an erasure a case goes on without texts about the worker', async (t) => {
    const open = await sys.open();
    await call('POST', `/cases/${open.id}/erasure`, {
      token: tokens.director,
      body: { reason: 'The worker asked for erasure.' },
    });
    assertProblem(
      t,
      await call('POST', `/cases/${open.id}/updates`, {
        token: tokens.attache,
        body: caseUpdateBody(2, 'note'),
      }),
      409,
      'worker-data-erased',
      'a note',
    );
    const worker = await call('POST', `/cases/${open.id}/worker`, {
      token: tokens.attache,
      body: {
        worker: { fullName: 'Back Again', sex: 'female' },
        expectedVersion: 2,
        updateId: newUpdateId(),
      },
    });
    assertProblem(t, worker, 409, 'worker-data-erased', 'new details: no key is made again');
    const hearing = await call('POST', `/cases/${open.id}/updates`, {
      token: tokens.attache,
      body: caseUpdateBody(2, 'hearing'),
    });
    t.equal(hearing.status, 200, 'an action without a text is recorded');
  });
});
