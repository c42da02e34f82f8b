import { randomUUID } from 'node:crypto';
import { ComplaintReferred } from '@kazi/contracts';
import { Redis } from 'ioredis';
import t from 'tap';
import { referralCaseIdOf } from '../application/referralConsumer.ts';
import {
  assertProblem,
  caseUpdateBody,
  closureBody,
  errorPaths,
  startAttacheTestSystem,
} from '../http/attacheTestSystem.fixture.ts';
import { CaseFeedQueries } from './caseFeedQueries.ts';

/**
 * The delta feed an attaché's app syncs with after being offline: every case once, at its latest change,
 * in the order of changes, resumable by cursor; what changed later comes after; filters combine; every
 * request reads a bounded number of entries.
 */
t.test('the delta feed', async (t) => {
  const sys = await startAttacheTestSystem(t, { label: 'attfeed' });
  const { call, tokens } = sys;
  type Page = {
    items: { id: string; version: number; status: string }[];
    nextCursor: string | null;
    syncCursor: string | null;
  };
  const page = async (query: string, tok = tokens.attache): Promise<Page> => {
    const r = await call('GET', `/cases?${query}`, { token: tok });
    sys.expectStatus(r, 200, `GET /cases?${query}`);
    return r.body;
  };
  /** Follows nextCursor to the end; the ids in order, and the last syncCursor. */
  const walk = async (query: string, tok = tokens.attache) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let sync: string | null = null;
    let pages = 0;
    do {
      const p: Page = await page(`${query}${cursor ? `&cursor=${cursor}` : ''}`, tok);
      ids.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor;
      sync = p.syncCursor;
      pages++;
    } while (cursor);
    return { ids, sync, pages };
  };

  const sa: string[] = [];
  for (let i = 0; i < 5; i++) sa.push((await sys.open()).id);
  const qa = (await sys.open({ country: 'QA' }, tokens.attacheQa)).id;
  await sys.caughtUp();

  await t.test(
    'pages in the order of last change, each case once; a change moves a case to the end',
    async (t) => {
      const first = await walk('limit=2');
      t.same(first.ids, sa, "the mission's cases, oldest change first");
      t.equal(first.pages, 3);
      await sys.change(sa[1] as string, 'updates', caseUpdateBody(1));
      await sys.caughtUp();
      const again = await walk('limit=2');
      t.same(again.ids, [sa[0], sa[2], sa[3], sa[4], sa[1]], 'the changed case last, listed once');
      t.same(
        (await walk('limit=50', tokens.officer)).ids,
        [...sa.slice(0, 1), ...sa.slice(2), qa, sa[1]],
        'NEA: every mission',
      );
    },
  );

  await t.test('syncCursor: back later, only what changed since', async (t) => {
    const { sync } = await walk('limit=3');
    t.ok(sync);
    const nothing = await page(`cursor=${sync}`);
    t.same(nothing.items, [], 'nothing changed yet');
    t.equal(nothing.syncCursor, sync, 'the same place to come back to');
    await sys.change(sa[3] as string, 'updates', caseUpdateBody(1, 'hearing'));
    await sys.change(qa, 'updates', caseUpdateBody(1), tokens.attacheQa);
    await sys.caughtUp();
    const changed = await page(`cursor=${sync}`);
    t.same(
      changed.items.map((i) => [i.id, i.version]),
      [[sa[3], 2]],
      "the case changed since, in its new version (not the other mission's)",
    );
    t.not(changed.syncCursor, sync);
  });

  await t.test('updatedSince: the cases changed at or after a time', async (t) => {
    sys.clock.set('2026-03-01T12:00:00Z');
    t.teardown(() => sys.clock.set('2026-03-01T08:00:00Z'));
    await sys.change(sa[0] as string, 'updates', caseUpdateBody(1));
    await sys.caughtUp();
    t.same((await walk('updatedSince=2026-03-01T11:00:00Z')).ids, [sa[0]]);
    t.same((await walk('updatedSince=2026-03-01T11:00:00%2B03:00')).ids.length, 5, 'an offset counts');
    const none = await page('updatedSince=2026-03-02T00:00:00Z');
    t.same(none.items, []);
    t.equal(none.nextCursor, null);
    t.ok(none.syncCursor, 'still a place to come back to');
  });

  await t.test('filters: status, complaint, employer, and combined', async (t) => {
    const closed = sa[2] as string;
    await sys.change(closed, 'closure', closureBody(1));
    // A case names a complaint referred to its mission: the referral opened one there first.
    const complaintId = randomUUID();
    const referral = { complaintId, at: '2026-03-01T08:00:00.000Z', reference: 'NEA-2026-000009' };
    await sys.system.modules.attacheCases.referrals.handle(
      {
        id: randomUUID(),
        source: '/kazi/complaints',
        type: ComplaintReferred.type,
        subject: complaintId,
        time: referral.at,
        correlationId: randomUUID(),
        actor: 'officer-1',
        data: { ...referral, to: 'labour-attache', country: 'QA', categories: ['other'], severity: 'normal' },
      },
      { sequence: 1, deliveries: 3 },
    );
    const linked = await sys.open({ country: 'QA', complaintId }, tokens.attacheQa);
    const employer = await sys.registerEmployer({ name: 'Gulf Breeze Cleaning Co' });
    const named = await sys.open({ employer: undefined, employerId: employer.id });
    await sys.caughtUp();
    t.same((await walk('status=closed')).ids, [closed]);
    t.notOk((await walk('status=open')).ids.includes(closed));
    t.same(
      (await walk(`complaintId=${complaintId}`, tokens.officer)).ids,
      [referralCaseIdOf(complaintId, 'QA'), linked.id],
      "the referral's case and the attaché's, in the order they changed",
    );
    t.same((await walk(`employerId=${employer.id}`)).ids, [named.id]);
    t.same((await walk(`employerId=${employer.id}&status=closed`)).ids, []);
    t.same((await walk('status=closed', tokens.analyst)).ids, [closed], 'analysts read the feed');
  });

  await t.test(
    'a cursor the API did not issue is a 400 naming query.cursor; limits are bounded',
    async (t) => {
      for (const cursor of ['bm90LWEtcG9zaXRpb24', 'MTI=x', '%20']) {
        const r = await call('GET', `/cases?cursor=${cursor}`, { token: tokens.attache });
        assertProblem(t, r, 400, 'validation-failed', cursor);
        t.same(errorPaths(r), ['query.cursor']);
      }
      for (const query of [
        'limit=0',
        'limit=201',
        'status=archived',
        'mission=XX',
        'updatedSince=yesterday',
        'colour=red',
      ]) {
        const r = await call('GET', `/cases?${query}`, { token: tokens.officer });
        assertProblem(t, r, 400, 'validation-failed', query);
      }
    },
  );

  await t.test(
    'a page examines a bounded number of entries and the walk still finds every match',
    async (t) => {
      for (const id of [sa[0], sa[3], sa[4]] as string[]) {
        const { version } = (await call('GET', `/cases/${id}`, { token: tokens.attache })).body;
        await sys.change(id, 'closure', closureBody(version));
      }
      await sys.caughtUp();
      const expected = (await walk('status=open&limit=200')).ids;
      // sa[1] and the case naming the employer (the complaint's two cases are Doha's).
      t.equal(expected.length, 2, "the mission's open cases");
      const redis = new Redis();
      t.teardown(() => redis.disconnect());
      // Open cases of every mission are walked (the smaller set), the mission checked on each row.
      const tiny = new CaseFeedQueries(redis, sys.namespace, { batchSize: 2, maxExamined: 2, maxLimit: 200 });
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      let shortWithCursor = 0;
      do {
        const p = await tiny.feed({ mission: 'SA', status: 'open', limit: 2, cursor });
        t.ok(p.items.length <= 2);
        seen.push(...p.items.map((i) => i.id));
        if (p.items.length < 2 && p.nextCursor) shortWithCursor++;
        cursor = p.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 50);
      t.same(seen, expected, 'every match, in order, once');
      t.ok(shortWithCursor > 0, 'a page cut short by its budget says "go on" with a cursor');
    },
  );
});
