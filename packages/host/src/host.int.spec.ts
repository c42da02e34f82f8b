import { defineIntegrationEvent, IntegrationEventCatalog, integrationMessage } from '@kazi/contracts';
import { type Actor, type Decider, DomainError, ManualClock } from '@kazi/core';
import { names, type Projection, projectionKeys, type RecordedEvent } from '@kazi/eventsourcing';
import { expectedVersionField, requestContextOf } from '@kazi/service-kit';
import { cleanupNamespace, NATS_URL, uniqueNamespace } from '@kazi/test-servers';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import t, { type Test } from 'tap';
import { z } from 'zod';
import { defineModule, type ModuleSet, startHost } from './index.ts';

// A whole service in one declaration, as docs/adding-a-service.md walks through it: a notice board with
// one aggregate, three commands, one projection, one integration event, its routes and a sweep. Nothing
// else is wired by hand: the test proves the host builds and stops all of it.
type Command =
  | { type: 'Post'; text: string; actor: Actor; now: string }
  | { type: 'Amend'; text: string; actor: Actor; now: string }
  | { type: 'Withdraw'; actor: Actor; now: string };
type Event =
  | { type: 'notice.posted.v1'; data: { text: string; by: string; at: string } }
  | { type: 'notice.amended.v1'; data: { text: string } }
  | { type: 'notice.withdrawn.v1'; data: { at: string } };
type State = { posted: boolean; withdrawn: boolean; text: string };

const notice: Decider<State, Command, Event> = {
  initialState: () => ({ posted: false, withdrawn: false, text: '' }),
  decide(command, state) {
    if (command.type === 'Post')
      return [
        { type: 'notice.posted.v1', data: { text: command.text, by: command.actor.sub, at: command.now } },
      ];
    if (state.withdrawn) throw new DomainError('notice-withdrawn', 'the notice was withdrawn');
    if (command.type === 'Amend') return [{ type: 'notice.amended.v1', data: { text: command.text } }];
    return [{ type: 'notice.withdrawn.v1', data: { at: command.now } }];
  },
  evolve(state, event) {
    if (event.type === 'notice.posted.v1') return { ...state, posted: true, text: event.data.text };
    if (event.type === 'notice.amended.v1') return { ...state, text: event.data.text };
    return { ...state, withdrawn: true };
  },
};

const NoticePosted = defineIntegrationEvent({
  type: 'ke.nea.notice-board.notice-posted.v1',
  context: 'notice-board',
  schema: z.object({ noticeId: z.string(), postedAt: z.string() }),
  description: 'a notice was posted',
});

/** Texts of the board's notices that are not withdrawn, by id. */
const boardProjection: Projection<RecordedEvent> = {
  name: 'notice-board',
  version: 1,
  apply(event, keys) {
    const id = event.streamName.slice('notice.'.length);
    if (event.type === 'notice.withdrawn.v1') return [['HDEL', keys.key('texts'), id]];
    return [['HSET', keys.key('texts'), id, String((event.data as { text: string }).text)]];
  },
};

const boardConfig = z.object({
  KAZI_NAMESPACE: z.string(),
  BOARD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1).default(3_600_000),
});

function noticeBoard(sweeps: { runs: number; slow?: Promise<void> }) {
  return defineModule({
    context: 'notice-board',
    configSchema: boardConfig,
    aggregates: {
      notices: {
        decider: notice,
        stateSchemaVersion: 1,
        category: 'notice',
        commands: { Post: { state: 'new' }, Amend: { state: 'existing' }, Withdraw: { state: 'existing' } },
      },
    },
    projections: (kit) => [{ projection: boardProjection, source: kit.commits('notice.>') }],
    integration: {
      streams: 'notice.>',
      map: (event) =>
        event.type === 'notice.posted.v1'
          ? [
              {
                ...integrationMessage(NoticePosted, {
                  noticeId: event.streamName.slice('notice.'.length),
                  postedAt: String((event.data as { at: string }).at),
                }),
                subject: event.streamName.slice('notice.'.length),
              },
            ]
          : [],
    },
    start(kit) {
      const notices = kit.commands.notices;
      const body = z.strictObject({ text: z.string().min(1), expectedVersion: expectedVersionField });
      return {
        routes(app) {
          const auth = { auth: { roles: ['nea-officer' as const] } };
          app.post('/notices', { schema: { body }, config: auth }, async (request, reply) => {
            const r = await notices.handle(
              notices.newId(),
              { type: 'Post', text: request.body.text },
              requestContextOf(request),
            );
            return reply.code(201).send({ id: r.id, version: r.version });
          });
          app.post(
            '/notices/:id/amendment',
            { schema: { body, params: z.object({ id: z.uuid() }) }, config: auth },
            async (request) => {
              const { text, expectedVersion } = request.body;
              const r = await notices.handle(
                request.params.id,
                { type: 'Amend', text },
                requestContextOf(request),
                {
                  expectedVersion,
                },
              );
              return { version: r.version };
            },
          );
          app.get('/notices', { config: auth }, async () =>
            kit.redis.hgetall(
              (await projectionKeys(kit.redis, kit.namespace, boardProjection.name)).key('texts'),
            ),
          );
        },
        sweeps: [
          {
            name: 'board sweep',
            intervalMs: kit.config.BOARD_SWEEP_INTERVAL_MS,
            run: async () => {
              sweeps.runs++;
              await sweeps.slow;
            },
          },
        ],
        exposes: { notices, vaultOf: () => kit.vault },
      };
    },
  });
}

async function hostOf<M extends ModuleSet>(t: Test, modules: M, env: Record<string, string> = {}) {
  const namespace = uniqueNamespace('host');
  const host = await startHost({
    name: 'host-test',
    modules,
    env: { KAZI_NAMESPACE: namespace, KAZI_DEV: '1', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    clock: new ManualClock(new Date('2026-03-01T08:00:00Z')),
    listen: false,
  });
  t.teardown(async () => {
    await host.stop();
    await cleanupNamespace(namespace);
  });
  return { host, namespace };
}

t.test('a declared module serves its routes on the CommandService the host built for it', async (t) => {
  const { host } = await hostOf(t, { board: noticeBoard({ runs: 0 }) });
  const { signDevToken, DEV_JWT_SECRET } = await import('@kazi/service-kit');
  const token = await signDevToken(
    { roles: ['nea-officer'], sub: 'officer-1', name: 'Achieng' },
    {
      JWT_SECRET: DEV_JWT_SECRET,
      JWT_ISSUER: 'kazi-salama',
      JWT_AUDIENCE: 'kazi-salama',
      NODE_ENV: 'test',
      KAZI_DEV: true,
    },
  );
  const call = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    host.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body ? { payload: body as object } : {}),
    });

  const posted = await call('POST', '/notices', { text: 'Office closed on Friday' });
  t.equal(posted.statusCode, 201);
  const { id } = posted.json();
  const amended = await call('POST', `/notices/${id}/amendment`, {
    text: 'Office closed Friday afternoon',
    expectedVersion: 1,
  });
  t.same(amended.json(), { version: 2 });
  const stale = await call('POST', `/notices/${id}/amendment`, { text: 'again', expectedVersion: 1 });
  t.equal(stale.statusCode, 409, 'a stale version is a conflict');
  const unknown = await call('POST', `/notices/${crypto.randomUUID()}/amendment`, { text: 'x' });
  t.equal(unknown.statusCode, 404, 'an id nobody recorded is a 404');
  t.match(unknown.json(), { type: /not-found$/ });

  await Promise.all(host.projections.map((p) => p.caughtUp()));
  t.same(
    (await call('GET', '/notices')).json(),
    { [id]: 'Office closed Friday afternoon' },
    'the projection ran',
  );
  const ready = await host.app.inject({ method: 'GET', url: '/health/ready' });
  t.equal(ready.statusCode, 200, 'ready: NATS, Redis and the module projections');
  const metrics = await host.app.inject({ method: 'GET', url: '/metrics' });
  t.match(metrics.body, /kazi_notice_board_/, "the module's projection metrics are served");
});

t.test('the integration map is published by the host-run relay', async (t) => {
  const { host, namespace } = await hostOf(t, { board: noticeBoard({ runs: 0 }) });
  const officer = {
    user: { sub: 'o', name: 'O', roles: ['nea-officer' as const] },
    correlationId: 'c',
    requestId: 'r',
  };
  const { id } = await host.modules.board.notices.handle(
    host.modules.board.notices.newId(),
    { type: 'Post', text: 'Hi' },
    officer,
  );
  const nc = await connect({ servers: NATS_URL });
  t.teardown(() => nc.close());
  const jsm = await jetstreamManager(nc);
  const subject = names.integrationSubject(namespace, NoticePosted.type);
  let found: { data: Uint8Array } | null = null;
  for (let i = 0; i < 100 && !found; i++) {
    found = await jsm.streams
      .getMessage(names.integrationStream(namespace), { last_by_subj: subject })
      .catch(() => null);
    if (!found) await new Promise((r) => setTimeout(r, 50));
  }
  t.ok(found, 'the integration event is in the integration stream');
  t.match(JSON.parse(new TextDecoder().decode(found?.data)), {
    noticeId: id,
    postedAt: '2026-03-01T08:00:00.000Z',
  });
});

t.test("a module's consumer reacts to another module's integration events, once per event", async (t) => {
  const heard: string[] = [];
  const readers = defineModule({
    context: 'notice-readers',
    configSchema: boardConfig,
    aggregates: {},
    start: () => ({
      routes: () => {},
      consumers: [
        {
          name: 'notice-readers-posted',
          from: 'notice-board',
          catalog: new IntegrationEventCatalog([NoticePosted]),
          handle: async (envelope) => {
            heard.push((envelope.data as { noticeId: string }).noticeId);
          },
        },
      ],
      exposes: {},
    }),
  });
  const { host } = await hostOf(t, { board: noticeBoard({ runs: 0 }), readers });
  const officer = {
    user: { sub: 'o', name: 'O', roles: ['nea-officer' as const] },
    correlationId: 'c',
    requestId: 'r',
  };
  const notices = host.modules.board.notices;
  const { id } = await notices.handle(notices.newId(), { type: 'Post', text: 'Hi' }, officer);
  await notices.handle(id, { type: 'Amend', text: 'Hello' }, officer);
  for (let i = 0; i < 100 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200));
  t.same(heard, [id], 'the posting was heard once; the amendment maps to no integration event');
});

t.test('sweeps run on their interval, one run at a time, and stop with the host', async (t) => {
  let release = () => {};
  const sweeps = { runs: 0, slow: new Promise<void>((r) => (release = r)) };
  const { host } = await hostOf(t, { board: noticeBoard(sweeps) }, { BOARD_SWEEP_INTERVAL_MS: '10' });
  await new Promise((r) => setTimeout(r, 100));
  t.equal(sweeps.runs, 1, 'a run still going is not overlapped by the next tick');
  release();
  await new Promise((r) => setTimeout(r, 100));
  t.ok(sweeps.runs > 1, 'the next ticks run once it finished');
  await host.stop();
  const after = sweeps.runs;
  await new Promise((r) => setTimeout(r, 50));
  t.equal(sweeps.runs, after, 'no run after stop');
  t.equal(host.stop(), host.stop(), 'stopping twice is one stop');
});

t.test("a module's own runners are reported with its projections and stopped with it", async (t) => {
  const stopped: string[] = [];
  const reporting = defineModule({
    context: 'reporting',
    configSchema: boardConfig,
    aggregates: {},
    start: () => ({
      routes: () => {},
      runners: [
        {
          status: async () => ({
            name: 'reporting-store',
            version: 1,
            generation: 1,
            position: 0,
            headPosition: 0,
            lag: 0,
            secondsBehind: 0,
            state: 'failed' as const,
            lastError: 'disk full',
          }),
          caughtUp: async () => {},
          stop: async () => {
            stopped.push('reporting-store');
          },
        },
      ],
      exposes: {},
    }),
  });
  const { host } = await hostOf(t, { reporting });
  t.equal(host.projections.length, 1, 'listed with the projections');
  const ready = await host.app.inject({ method: 'GET', url: '/health/ready' });
  t.equal(ready.statusCode, 503, 'a failed runner makes the host not ready');
  await host.stop();
  t.same(stopped, ['reporting-store'], 'stopped with the host');
});

t.test('a module that declares no personal data has no vault', async (t) => {
  const { host } = await hostOf(t, { board: noticeBoard({ runs: 0 }) });
  t.throws(() => host.modules.board.vaultOf(), /declares no personalData/);
});

t.test('a module that fails to start fails the host, which releases what it opened', async (t) => {
  const broken = defineModule({
    context: 'broken',
    configSchema: boardConfig,
    aggregates: {},
    start() {
      throw new Error('cannot start');
    },
  });
  const namespace = uniqueNamespace('host');
  t.teardown(() => cleanupNamespace(namespace));
  await t.rejects(
    startHost({
      name: 'host-test',
      modules: { board: noticeBoard({ runs: 0 }), broken },
      env: { KAZI_NAMESPACE: namespace, KAZI_DEV: '1', LOG_LEVEL: 'silent' },
      listen: false,
    }),
    /cannot start/,
  );
  const badConfig = startHost({
    name: 'host-test',
    modules: { board: noticeBoard({ runs: 0 }) },
    env: { KAZI_NAMESPACE: namespace, KAZI_DEV: '1', LOG_LEVEL: 'silent', BOARD_SWEEP_INTERVAL_MS: 'soon' },
    listen: false,
  });
  await t.rejects(badConfig, /BOARD_SWEEP_INTERVAL_MS/, "a module's bad configuration names its variable");
});
