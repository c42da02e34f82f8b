import { CommitteeActionOverdue } from '@kazi/contracts';
import { names } from '@kazi/eventsourcing';
import { NATS_URL } from '@kazi/test-servers';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import t from 'tap';
import { startBlmaTestSystem } from './http/blmaTestSystem.fixture.ts';
import {
  agreementBody,
  amendedProvisions,
  amendmentBody,
  committeeMeetingBody,
  entryIntoForceBody,
  provisions,
  signatureBody,
} from './testing/index.ts';

/** The last integration event of `type` the relay published, or null after a few seconds of waiting. */
async function lastPublished(namespace: string, type: string): Promise<unknown> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    for (let i = 0; i < 100; i++) {
      const found = await jsm.streams
        .getMessage(names.integrationStream(namespace), {
          last_by_subj: names.integrationSubject(namespace, type),
        })
        .catch(() => null);
      if (found) return JSON.parse(new TextDecoder().decode(found.data));
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  } finally {
    await nc.close();
  }
}

// The whole story over HTTP, as the Ministry's desk lives it: an agreement with Qatar recorded, signed and
// in force; its joint committee meets and decides two actions; the clock passes the first one's due day and
// reports it overdue (once); the agreement is amended; and the agreement as it stood before and after the
// amendment is told apart by `asOf`.
t.test('record → sign → in force → committee → overdue by the clock → amendment → asOf', async (t) => {
  const sys = await startBlmaTestSystem(t);
  const { clock, caughtUp } = sys;
  const sweep = () => sys.system.modules.blmaRecords.sweep();

  const recorded = await sys.post('/blmas', agreementBody());
  t.equal(recorded.status, 201);
  const id = recorded.body.id as string;
  t.match((await sys.post(`/blmas/${id}/signature`, signatureBody(1))).body, {
    status: 'signed',
    version: 2,
  });
  t.match((await sys.post(`/blmas/${id}/entry-into-force`, entryIntoForceBody(2))).body, {
    status: 'in-force',
    version: 3,
  });
  const meeting = await sys.post(
    `/blmas/${id}/committee-meetings`,
    committeeMeetingBody('2026-02-20', {
      decisions: [
        { action: 'Share the list of licensed recruitment agencies', owner: 'NEA', due: '2026-03-15' },
        {
          action: 'Translate the standard contract into Arabic',
          owner: 'Ministry of Labour (Qatar)',
          due: '2026-04-30',
        },
      ],
    }),
  );
  t.match(meeting.body, { meetingId: 'meeting-1', actionIds: ['meeting-1-action-1', 'meeting-1-action-2'] });

  t.same(await sweep(), { expired: 0, reviewsDue: 0, actionsOverdue: 0 }, 'on 1 March nothing is due');
  t.same((await sys.get(`/blmas/${id}`)).body.overdueActions, []);

  // 15 March is the first action's last day; on the 16th in Nairobi it is overdue.
  clock.set('2026-03-15T20:59:00Z');
  await caughtUp();
  t.equal((await sweep()).actionsOverdue, 0, 'still the 15th in Nairobi (23:59)');
  clock.set('2026-03-15T21:00:00Z');
  t.equal((await sweep()).actionsOverdue, 1, 'midnight in Nairobi: the first action is overdue');
  await caughtUp();
  t.equal((await sweep()).actionsOverdue, 0, 'reported once');

  const overdue = await sys.get(`/blmas/${id}`);
  t.match(overdue.body, {
    version: 5,
    status: 'in-force',
    overdueActions: [
      { meetingId: 'meeting-1', actionId: 'meeting-1-action-1', owner: 'NEA', due: '2026-03-15' },
    ],
    meetings: [
      {
        actions: [
          { actionId: 'meeting-1-action-1', status: 'overdue' },
          { actionId: 'meeting-1-action-2', status: 'open' },
        ],
      },
    ],
  });
  t.equal(overdue.body.overdueActions.length, 1, 'only the first action');
  const listed = await sys.get('/blmas?country=QA&status=in-force');
  t.match(
    listed.body.items,
    [{ id, overdueActions: 1, openActions: 1, meetings: 1 }],
    'the list shows it too',
  );
  t.match(
    await lastPublished(sys.namespace, CommitteeActionOverdue.type),
    {
      agreementId: id,
      partnerCountry: 'QA',
      meetingId: 'meeting-1',
      actionId: 'meeting-1-action-1',
      due: '2026-03-15',
    },
    'other services hear of it',
  );

  const amendment = await sys.post(`/blmas/${id}/amendment`, amendmentBody(5, '2026-03-16'));
  t.match(amendment.body, { status: 'in-force', version: 6 });

  const before = await sys.get(`/blmas/${id}?asOf=2026-03-10`);
  t.equal(before.status, 200);
  t.match(before.body, {
    id,
    asOf: '2026-03-10',
    status: 'in-force',
    terms: { version: 1, validFrom: null, provisions },
    amendments: [],
    meetings: [{ actions: [{ status: 'open' }, { status: 'open' }] }],
  });
  t.same(before.body.terms.provisions, provisions, 'the terms as signed');
  t.notOk('version' in before.body, 'a past state has no version to update');

  const after = await sys.get(`/blmas/${id}?asOf=2026-03-16`);
  t.match(after.body, {
    status: 'in-force',
    terms: { version: 2, validFrom: '2026-03-16' },
    amendments: [{ number: 1, date: '2026-03-16' }],
    meetings: [{ actions: [{ status: 'overdue' }, { status: 'open' }] }],
  });
  t.same(after.body.terms.provisions, amendedProvisions, 'the amended terms');

  t.match((await sys.get(`/blmas/${id}?asOf=2026-01-25`)).body, { status: 'signed', inForceFrom: null });
  t.match((await sys.get(`/blmas/${id}`)).body, {
    terms: { version: 2 },
    amendments: [{ number: 1, date: '2026-03-16', by: { sub: 'mol-1' } }],
  });
});

t.test(
  'the clock flags a review when it falls due and expires the agreement after its last day, once',
  async (t) => {
    const sys = await startBlmaTestSystem(t);
    const { clock, caughtUp } = sys;
    const sweep = () => sys.system.modules.blmaRecords.sweep();
    const { id } = await sys.record();
    await sys.post(`/blmas/${id}/signature`, signatureBody(1));
    await sys.post(
      `/blmas/${id}/entry-into-force`,
      entryIntoForceBody(2, '2026-02-01', { reviewDue: '2026-06-01', expiry: '2026-12-31' }),
    );
    await caughtUp();

    clock.set('2026-06-01T06:00:00Z');
    t.match(await sweep(), { reviewsDue: 1, expired: 0 }, 'the review day has come');
    await caughtUp();
    t.match(await sweep(), { reviewsDue: 0 }, 'flagged once');
    t.match((await sys.get(`/blmas/${id}`)).body, { status: 'under-review', reviewFlaggedFor: '2026-06-01' });
    t.match((await sys.get('/blmas?status=under-review')).body.items, [{ id }]);

    clock.set('2026-12-31T20:00:00Z');
    t.match(await sweep(), { expired: 0 }, 'its last day in force');
    clock.set('2026-12-31T21:00:00Z');
    t.match(await sweep(), { expired: 1 }, 'the next day in Nairobi it has lapsed');
    await caughtUp();
    t.match(await sweep(), { expired: 0 }, 'expired exactly once');
    t.match((await sys.get(`/blmas/${id}`)).body, {
      status: 'expired',
      lifecycle: [{}, {}, {}, { step: 'review-due' }, { step: 'expired', date: '2027-01-01' }],
    });
    t.match((await sys.get('/blmas?status=expired')).body.items, [{ id, endedOn: '2027-01-01' }]);
    t.same((await sys.get('/blmas?status=under-review')).body.items, [], 'no longer under review');
  },
);
