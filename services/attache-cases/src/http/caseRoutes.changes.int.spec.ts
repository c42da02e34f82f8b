import { CaseWorkerDetailsCorrected } from '@kazi/contracts';
import { names } from '@kazi/eventsourcing';
import { natsFixture } from '@kazi/test-servers';
import t from 'tap';
import {
  assertProblem,
  caseUpdateBody,
  closureBody,
  errorPaths,
  newUpdateId,
  repatriationBody,
  startAttacheTestSystem,
} from './attacheTestSystem.fixture.ts';

/**
 * Changes over a poor connection: every change names the version it was based on and a client-made
 * updateId. A stale one is refused with the case as it is now; the same one sent again is answered as the
 * first time, never applied twice; another change under a used updateId is refused.
 */
t.test('case changes', async (t) => {
  const sys = await startAttacheTestSystem(t, { label: 'attchg' });
  const { call, tokens } = sys;
  const post = (id: string, route: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
    call('POST', `/cases/${id}/${route}`, { token: tokens.attache, body, ...(headers ? { headers } : {}) });
  const timelineOf = async (id: string) =>
    (await call('GET', `/cases/${id}`, { token: tokens.attache })).body;

  await t.test(
    'a stale update gets the case as it is now; the merged resend lands; a duplicate answers the same',
    async (t) => {
      const { id, body: opened } = await sys.open();
      // Two attachés' phones both based on version 1: the first lands.
      const first = await post(id, 'updates', caseUpdateBody(1, 'employer-contacted'));
      t.equal(first.status, 200);
      t.same(first.body, { id, updateId: first.body.updateId, version: 2, status: 'open' });
      t.equal(first.headers.etag, '"2"');

      const offline = caseUpdateBody(1, 'note', { note: 'Visited the worker at the shelter.' });
      const stale = await post(id, 'updates', offline);
      assertProblem(t, stale, 409, 'stale-version', 'based on version 1');
      t.equal(stale.body.currentVersion, 2);
      t.match(stale.body.current, { view: 'full', id, version: 2, status: 'open' }, 'the case as it is now');
      t.equal(stale.body.current.worker.fullName, opened.worker.fullName, 'as the attaché may see it');
      t.same(
        stale.body.current.timeline.map((e: { action: { kind: string } }) => e.action.kind),
        ['employer-contacted'],
        'what happened meanwhile',
      );

      // The app merges and sends the same change (same updateId) on the current version.
      const merged = await post(id, 'updates', { ...offline, expectedVersion: 2 });
      t.equal(merged.status, 200);
      t.same(merged.body, { id, updateId: offline.updateId, version: 3, status: 'open' });
      t.notOk(merged.headers['idempotent-replayed']);

      // Its answer was lost: the app sends it again, still saying version 2, then once more days later.
      const again = await post(id, 'updates', { ...offline, expectedVersion: 2 });
      t.equal(again.status, 200, 'a resend with its old version is no stale update');
      t.same(again.body, merged.body, 'answered as the first time');
      t.equal(again.headers['idempotent-replayed'], 'true');
      t.equal(again.headers.etag, '"3"');
      await sys.change(id, 'updates', caseUpdateBody(3, 'lawyer-referral'));
      const later = await post(id, 'updates', { ...offline, expectedVersion: 2 });
      t.same(later.body, merged.body, 'after other changes too');

      const record = await timelineOf(id);
      t.equal(record.version, 4, 'never applied twice');
      t.same(
        record.timeline.map((e: { action: { kind: string; note: string | null } }) => [
          e.action.kind,
          e.action.note,
        ]),
        [
          ['employer-contacted', 'The employer promised to pay by Friday.'],
          ['note', 'Visited the worker at the shelter.'],
          ['lawyer-referral', null],
        ],
      );
    },
  );

  await t.test(
    'another change under a used updateId is refused, before any version is compared',
    async (t) => {
      const { id } = await sys.open();
      const note = caseUpdateBody(1, 'note');
      await sys.change(id, 'updates', note);
      const other = await post(id, 'updates', {
        ...note,
        note: 'Something else entirely.',
        expectedVersion: 1,
      });
      assertProblem(t, other, 409, 'update-id-reused', 'another note');
      t.equal(other.body.updateId, note.updateId);
      const closure = await post(id, 'closure', closureBody(2, 'resolved', { updateId: note.updateId }));
      assertProblem(t, closure, 409, 'update-id-reused', 'a closure under the note’s updateId');
      t.equal((await timelineOf(id)).version, 2);
    },
  );

  await t.test('the same change sent twice at once lands once, and both get its answer', async (t) => {
    const { id } = await sys.open();
    const body = caseUpdateBody(1, 'wages-recovered');
    const [a, b] = await Promise.all([post(id, 'updates', body), post(id, 'updates', body)]);
    t.same([a.status, b.status], [200, 200]);
    t.same(a.body, b.body);
    t.equal(a.body.version, 2);
    t.equal((await timelineOf(id)).timeline.length, 1);
  });

  await t.test('the version: required (428), in the body or If-Match, never contradicting', async (t) => {
    const { id } = await sys.open();
    const { expectedVersion: _v, ...noVersion } = caseUpdateBody(1);
    assertProblem(t, await post(id, 'updates', noVersion), 428, 'version-required');
    const viaHeader = await post(id, 'updates', noVersion, { 'if-match': '"1"' });
    t.equal(viaHeader.status, 200, 'If-Match: "1"');
    t.equal(viaHeader.body.version, 2);
    const disagree = await post(id, 'updates', caseUpdateBody(2), { 'if-match': '"1"' });
    assertProblem(t, disagree, 400, 'validation-failed');
    t.same(errorPaths(disagree), ['body.expectedVersion']);
  });

  await t.test('malformed bodies are a 400 naming the field', async (t) => {
    const { id } = await sys.open();
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['an unknown action', 'updates', caseUpdateBody(1, 'note', { action: 'party' }), 'action'],
      ['no updateId', 'updates', caseUpdateBody(1, 'note', { updateId: undefined }), 'updateId'],
      [
        'an updateId with spaces',
        'updates',
        caseUpdateBody(1, 'note', { updateId: 'my update' }),
        'updateId',
      ],
      ['a date that is no date', 'updates', caseUpdateBody(1, 'hearing', { date: '1/3/2026' }), 'date'],
      ['a negative amount', 'updates', caseUpdateBody(1, 'wages-recovered', { amount: -5 }), 'amount'],
      [
        'a currency that is no code',
        'updates',
        caseUpdateBody(1, 'wages-recovered', { currency: 'riyal' }),
        'currency',
      ],
      ['an unknown field', 'updates', caseUpdateBody(1, 'note', { mood: 'hopeful' }), 'mood'],
      ['a note without its text', 'updates', caseUpdateBody(1, 'note', { note: undefined }), 'note'],
      ['an unknown stage', 'repatriation', repatriationBody(1, 'planned', { stage: 'teleported' }), 'stage'],
      [
        'arrival without saying how',
        'repatriation',
        repatriationBody(1, 'arrived', { safeAndDignified: undefined }),
        'safeAndDignified',
      ],
      ['an unknown outcome', 'closure', closureBody(1, 'resolved', { outcome: 'vanished' }), 'outcome'],
      [
        'a version that is no number',
        'closure',
        closureBody(1, 'resolved', { expectedVersion: 'one' }),
        'expectedVersion',
      ],
    ];
    for (const [what, route, body, field] of cases) {
      const r = await post(id, route, JSON.parse(JSON.stringify(body)));
      assertProblem(t, r, 400, 'validation-failed', what);
      t.ok(
        errorPaths(r).some((p) => p === field || p.startsWith(`${field}.`)),
        `${what}: names ${field} (${errorPaths(r).join(', ')})`,
      );
    }
    t.equal((await timelineOf(id)).version, 1, 'nothing recorded');
  });

  await t.test('rules refused with their type; nothing recorded', async (t) => {
    const { id } = await sys.open();
    const future = await post(id, 'updates', caseUpdateBody(1, 'hearing', { date: '2026-03-09' }));
    assertProblem(t, future, 422, 'date-in-future');
    t.same(errorPaths(future), ['date']);
    assertProblem(
      t,
      await post(id, 'repatriation', repatriationBody(1, 'arrived')),
      409,
      'invalid-repatriation-stage',
    );
    let version = await sys.change(id, 'updates', caseUpdateBody(1, 'shelter-admission'));
    assertProblem(t, await post(id, 'closure', closureBody(version)), 409, 'worker-in-shelter');
    version = await sys.change(id, 'updates', caseUpdateBody(version, 'shelter-discharge'));
    version = await sys.change(id, 'closure', closureBody(version, 'resolved', { note: 'Paid in full.' }));
    assertProblem(t, await post(id, 'updates', caseUpdateBody(version)), 409, 'case-closed');
    const record = await timelineOf(id);
    t.equal(record.status, 'closed');
    t.match(record.closure, { outcome: 'resolved', note: 'Paid in full.' });
  });

  await t.test('a date left out is today at the mission, not in UTC', async (t) => {
    const { id } = await sys.open();
    // 22:30 UTC on 1 March is 01:30 on 2 March in Riyadh.
    sys.clock.set('2026-03-01T22:30:00Z');
    t.teardown(() => sys.clock.set('2026-03-01T08:00:00Z'));
    await sys.change(id, 'updates', caseUpdateBody(1, 'employer-contacted'));
    await sys.change(id, 'repatriation', repatriationBody(2, 'planned'));
    const record = await timelineOf(id);
    t.equal(record.timeline[0].action.date, '2026-03-02');
    t.equal(record.repatriation[0].date, '2026-03-02');
  });

  await t.test('a repatriation to arrival, safe and dignified, then closure', async (t) => {
    const { id } = await sys.open({ type: 'repatriation' });
    let version = 1;
    for (const stage of ['planned', 'documents-ready', 'departed'] as const)
      version = await sys.change(
        id,
        'repatriation',
        repatriationBody(version, stage, { date: '2026-02-20' }),
      );
    const arrived = await post(
      id,
      'repatriation',
      repatriationBody(version, 'arrived', { date: '2026-02-21' }),
    );
    t.equal(arrived.status, 200);
    version = arrived.body.version;
    version = await sys.change(id, 'closure', closureBody(version, 'worker-returned'));
    const record = await timelineOf(id);
    t.same(
      record.repatriation.map((s: { stage: string; date: string; safeAndDignified: boolean | null }) => [
        s.stage,
        s.date,
        s.safeAndDignified,
      ]),
      [
        ['planned', '2026-02-20', null],
        ['documents-ready', '2026-02-20', null],
        ['departed', '2026-02-20', null],
        ['arrived', '2026-02-21', true],
      ],
    );
    t.match(record, { status: 'closed', closure: { outcome: 'worker-returned' }, version });
    const abandoned = await sys.open({ type: 'repatriation' });
    const planned = await sys.change(abandoned.id, 'repatriation', repatriationBody(1, 'planned'));
    await sys.change(abandoned.id, 'repatriation', repatriationBody(planned, 'abandoned'));
    t.equal(
      (await timelineOf(abandoned.id)).repatriation[1].reason,
      'The worker chose to stay with a new employer.',
      'the reason of an abandonment, opened for the attaché',
    );
  });

  await t.test("a death case: the remains, with the family's consent, before closure", async (t) => {
    const { id } = await sys.open({ type: 'death-case' });
    assertProblem(
      t,
      await post(id, 'closure', closureBody(1, 'deceased')),
      409,
      'remains-disposition-required',
    );
    const consent = caseUpdateBody(1, 'remains-disposition', {
      familyConsent: { date: '2026-02-28', relation: 'parent' },
    });
    const version = await sys.change(id, 'updates', consent);
    t.match((await timelineOf(id)).remains, {
      disposition: 'repatriation-of-remains',
      consentDate: '2026-02-28',
    });
    await sys.change(id, 'closure', closureBody(version, 'deceased'));
    t.match(await timelineOf(id), { status: 'closed', closure: { outcome: 'deceased' } });
  });

  await t.test("the worker's details corrected: the record shows the new ones", async (t) => {
    const { id } = await sys.open();
    const body = {
      worker: { fullName: 'Mary Atieno Ouma', sex: 'female', ageBand: '25-34', phone: '+254711000222' },
      expectedVersion: 1,
      updateId: newUpdateId(),
    };
    await sys.change(id, 'worker', body);
    const record = await timelineOf(id);
    t.match(record.worker, {
      fullName: 'Mary Atieno Ouma',
      phone: '+254711000222',
      passportNumber: null,
      ageBand: '25-34',
    });
    const dob = await post(id, 'worker', {
      ...body,
      worker: { ...body.worker, dateOfBirth: '2091-01-01' },
      expectedVersion: 2,
      updateId: newUpdateId(),
    });
    assertProblem(t, dob, 422, 'implausible-date-of-birth');
    t.same(errorPaths(dob), ['worker.dateOfBirth']);

    // Oversight counts the correction at once: the relay publishes what statistics see of it, no more.
    const nc = await natsFixture(t, sys.namespace);
    const subject = names.integrationSubject(sys.namespace, CaseWorkerDetailsCorrected.type);
    const lastPublished = async (): Promise<string | undefined> => {
      const reply = await nc.request(
        `$JS.API.STREAM.MSG.GET.${names.integrationStream(sys.namespace)}`,
        JSON.stringify({ last_by_subj: subject }),
      );
      const { message } = reply.json<{ message?: { data: string } }>();
      return message && Buffer.from(message.data, 'base64').toString('utf8');
    };
    let wire: string | undefined;
    for (let i = 0; i < 100 && wire === undefined; i++) {
      wire = await lastPublished();
      if (wire === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The body is the event's data (its type is in the ce-type header and the subject).
    t.strictSame(Object.keys(JSON.parse(wire ?? '{}')).sort(), ['ageBand', 'at', 'caseId', 'sex']);
    t.match(JSON.parse(wire ?? '{}'), { caseId: id, sex: 'female', ageBand: '25-34', at: String });
    for (const personal of ['Mary Atieno Ouma', '+254711000222', 'pd2.'])
      t.notOk(wire?.includes(personal), `no ${personal} on the wire`);
  });
});
