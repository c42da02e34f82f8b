import { randomUUID } from 'node:crypto';
import { assertProblem, errorPaths } from '@kazi/testing';
import t from 'tap';
import {
  agreementBody,
  committeeMeetingBody,
  endingBody,
  entryIntoForceBody,
  reviewBody,
  signatureBody,
} from '../testing/index.ts';
import { startBlmaTestSystem } from './blmaTestSystem.fixture.ts';

// Malformed input is a 4xx problem+json naming the field; a broken rule is a 409 or 422 naming the rule.
t.test('BLMA routes: malformed input and broken rules', async (t) => {
  const sys = await startBlmaTestSystem(t);
  const { call, tokens } = sys;

  t.test('POST /blmas names each bad field', async (t) => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['no title', { title: undefined }, 'title'],
      ['Kenya as the partner', { partnerCountry: 'KE' }, 'partnerCountry'],
      ['not a country', { partnerCountry: 'XX' }, 'partnerCountry'],
      ['an unknown kind', { kind: 'treaty' }, 'kind'],
      ['no sector', { sectors: [] }, 'sectors'],
      [
        'a sector twice',
        {
          sectors: [
            { isco: '2221', label: 'Nurses' },
            { isco: '2221', label: 'Nursing professionals' },
          ],
        },
        'sectors.1.isco',
      ],
      ['not an ISCO-08 code', { sectors: [{ isco: '22a1', label: 'Nurses' }] }, 'sectors.0.isco'],
      [
        'an unknown provision',
        { provisions: [{ kind: 'free-housing', text: 'Housing' }] },
        'provisions.0.kind',
      ],
      ['an unknown field', { signedOn: '2017-05-01' }, 'signedOn'],
    ];
    for (const [what, overrides, path] of cases) {
      const r = await sys.post('/blmas', agreementBody(overrides));
      assertProblem(t, r, 400, 'validation-failed', what);
      t.ok(errorPaths(r).includes(path), `${what}: names ${path}`, { paths: errorPaths(r) });
    }
    const malformed = await call('POST', '/blmas', {
      token: tokens.mol,
      payload: '{"title":',
      headers: { 'content-type': 'application/json' },
    });
    assertProblem(t, malformed, 400, 'malformed-json');
    const notJson = await call('POST', '/blmas', {
      token: tokens.mol,
      payload: 'title=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assertProblem(t, notJson, 415, 'unsupported-media-type', 'a form instead of JSON');
  });

  t.test('POST /blmas with an Idempotency-Key records once', async (t) => {
    const key = { 'idempotency-key': `blma-${randomUUID()}` };
    const first = await sys.post('/blmas', agreementBody({ title: 'Agreement recorded once' }), key);
    t.equal(first.status, 201);
    const again = await sys.post('/blmas', agreementBody({ title: 'Agreement recorded once' }), key);
    t.equal(again.status, 201);
    t.equal(again.body.id, first.body.id, 'the repeat answers as the first did');
    t.equal(again.headers['idempotent-replayed'], 'true');
    assertProblem(
      t,
      await sys.post('/blmas', agreementBody({ title: 'Another agreement' }), key),
      422,
      undefined,
      'the same key with another body',
    );
    await sys.caughtUp();
    const listed = await sys.get('/blmas?country=QA&limit=200');
    t.equal(
      listed.body.items.filter((a: { title: string }) => a.title === 'Agreement recorded once').length,
      1,
      'one agreement',
    );
  });

  t.test('lifecycle changes: versions, ids, dates and the order of steps', async (t) => {
    const { id } = await sys.record();
    assertProblem(
      t,
      await sys.post(`/blmas/${id}/signature`, { date: '2026-01-20' }),
      428,
      'version-required',
    );
    assertProblem(
      t,
      await sys.post(`/blmas/${id}/signature`, signatureBody(7)),
      409,
      undefined,
      'a stale version',
    );
    const notADate = await sys.post(`/blmas/${id}/signature`, signatureBody(1, '20 January 2026'));
    assertProblem(t, notADate, 400, 'validation-failed');
    t.same(errorPaths(notADate), ['date']);
    const future = await sys.post(`/blmas/${id}/signature`, signatureBody(1, '2026-03-05'));
    assertProblem(t, future, 422, 'date-in-future');
    t.same(errorPaths(future), ['date']);
    const early = await sys.post(`/blmas/${id}/entry-into-force`, entryIntoForceBody(1));
    assertProblem(t, early, 409, 'signature-required', 'entry into force before the signature');

    const withIfMatch = await call('POST', `/blmas/${id}/signature`, {
      token: tokens.mol,
      body: { date: '2026-01-20' },
      headers: { 'if-match': '"1"' },
    });
    t.equal(withIfMatch.status, 200, 'If-Match carries the version');
    t.match(withIfMatch.body, { status: 'signed', version: 2 });

    const order = await sys.post(
      `/blmas/${id}/entry-into-force`,
      entryIntoForceBody(2, '2026-02-01', { reviewDue: '2026-01-31' }),
    );
    assertProblem(t, order, 422, 'date-order');
    t.same(errorPaths(order), ['reviewDue']);
    const before = await sys.post(`/blmas/${id}/entry-into-force`, entryIntoForceBody(2, '2026-01-10'));
    assertProblem(t, before, 422, 'date-before-previous', 'in force before it was signed');

    assertProblem(
      t,
      await sys.post(`/blmas/${randomUUID()}/signature`, signatureBody(1)),
      404,
      'not-found',
      'an agreement nobody recorded',
    );
    const badId = await sys.post('/blmas/qatar-2012/signature', signatureBody(1));
    assertProblem(t, badId, 400, 'validation-failed');
    t.same(errorPaths(badId), ['params.id']);

    const renewal = await sys.post(
      `/blmas/${(await sys.inForce()).id}/review`,
      reviewBody(3, '2026-02-20', 'amend', { renewedUntil: '2035-01-31' }),
    );
    assertProblem(t, renewal, 422, 'renewal-needs-renew-recommendation');
    t.same(errorPaths(renewal), ['renewedUntil']);

    const ended = await sys.record();
    t.equal((await sys.post(`/blmas/${ended.id}/termination`, endingBody(1, '2026-02-01'))).status, 200);
    assertProblem(
      t,
      await sys.post(`/blmas/${ended.id}/signature`, signatureBody(2)),
      409,
      'agreement-terminated',
      'termination is final',
    );
    const noReason = await sys.post(`/blmas/${ended.id}/expiry`, { date: '2026-02-01', expectedVersion: 2 });
    assertProblem(t, noReason, 400, 'validation-failed');
    t.same(errorPaths(noReason), ['reason']);
  });

  t.test('committee meetings and actions', async (t) => {
    const negotiating = await sys.record();
    assertProblem(
      t,
      await sys.post(`/blmas/${negotiating.id}/committee-meetings`, committeeMeetingBody('2026-02-20')),
      409,
      'joint-committee-not-established',
    );
    const { id } = await sys.inForce();
    const noAttendee = await sys.post(
      `/blmas/${id}/committee-meetings`,
      committeeMeetingBody('2026-02-20', { attendees: [] }),
    );
    assertProblem(t, noAttendee, 400, 'validation-failed');
    t.same(errorPaths(noAttendee), ['attendees']);
    const badDue = await sys.post(
      `/blmas/${id}/committee-meetings`,
      committeeMeetingBody('2026-02-20', {
        decisions: [{ action: 'Share the list of agencies', owner: 'NEA', due: 'soon' }],
      }),
    );
    assertProblem(t, badDue, 400, 'validation-failed');
    t.same(errorPaths(badDue), ['decisions.0.due']);
    const dueBefore = await sys.post(
      `/blmas/${id}/committee-meetings`,
      committeeMeetingBody('2026-02-20', {
        decisions: [{ action: 'Share the list of agencies', owner: 'NEA', due: '2026-02-19' }],
      }),
    );
    assertProblem(t, dueBefore, 422, 'date-order');
    t.same(errorPaths(dueBefore), ['decisions.0.due']);

    t.equal(
      (await sys.post(`/blmas/${id}/committee-meetings`, committeeMeetingBody('2026-02-20'))).status,
      201,
    );
    const again = await sys.post(`/blmas/${id}/committee-meetings`, committeeMeetingBody('2026-02-20'));
    assertProblem(t, again, 409, 'meeting-exists', 'the same meeting sent again');
    t.equal(again.body.meetingId, 'meeting-1', 'the problem names the meeting recorded');

    const done = (actionId: string, body: unknown) =>
      sys.post(`/blmas/${id}/committee-actions/${actionId}/completion`, body);
    assertProblem(t, await done('meeting-9-action-1', { date: '2026-02-25' }), 404, 'action-not-found');
    const badAction = await done('Meeting 1', { date: '2026-02-25' });
    assertProblem(t, badAction, 400, 'validation-failed');
    t.same(errorPaths(badAction), ['params.actionId']);
    const beforeMeeting = await done('meeting-1-action-1', { date: '2026-02-10' });
    assertProblem(t, beforeMeeting, 422, 'date-before-meeting');
    t.equal((await done('meeting-1-action-1', { date: '2026-02-25' })).status, 200);
    assertProblem(t, await done('meeting-1-action-1', { date: '2026-02-26' }), 409, 'action-already-done');
  });

  t.test('reads: the query names each bad parameter', async (t) => {
    const { id } = await sys.record();
    const cases: [string, string][] = [
      ['/blmas?limit=0', 'query.limit'],
      ['/blmas?limit=201', 'query.limit'],
      ['/blmas?status=ratified', 'query.status'],
      ['/blmas?kind=treaty', 'query.kind'],
      ['/blmas?country=ZZ', 'query.country'],
      ['/blmas?cursor=not-a-cursor', 'query.cursor'],
      ['/blmas?page=2', 'query.page'],
      [`/blmas/${id}?asOf=2023-13-01`, 'query.asOf'],
      [`/blmas/${id}?asOf=yesterday`, 'query.asOf'],
      ['/blmas/not-an-id', 'params.id'],
    ];
    for (const [url, path] of cases) {
      const r = await sys.get(url);
      assertProblem(t, r, 400, 'validation-failed', url);
      t.same(errorPaths(r), [path], `${url} names ${path}`);
    }
    assertProblem(t, await sys.get(`/blmas/${randomUUID()}`), 404, 'not-found', 'an unknown agreement');
    assertProblem(
      t,
      await sys.get(`/blmas/${id}?asOf=2020-01-01`),
      404,
      'agreement-not-known-then',
      'a day before anything was known of it',
    );
  });
});
