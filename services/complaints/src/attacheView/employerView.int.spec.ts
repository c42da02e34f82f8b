import { randomUUID } from 'node:crypto';
import {
  applyMessages,
  DEFAULT_CANDIDATE_LIMITS,
  names,
  projectionKeys,
  startProjection,
} from '@kazi/eventsourcing';
import { ensureIntegrationStreams, listDeadLetters, publishIntegrationEvent } from '@kazi/messaging';
import { natsFixture, redisFixture, uniqueNamespace } from '@kazi/test-servers';
import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import t, { type Test } from 'tap';
import { countingRedis } from '../projections/countingRedis.fixture.ts';
import { type AttacheEvent, at, caseOpened, employerVetted } from './attacheEvents.fixture.ts';
import { attacheEventsSource } from './attacheEvents.ts';
import { EMPLOYER_VIEW, employerViewProjection } from './employerView.ts';
import { EmployerView } from './employerViewQueries.ts';

const MIN_SCORE = 0.75;

/** The employer view through the runner's own apply script, without NATS: each event the next message. */
async function setup(t: Test) {
  const ns = uniqueNamespace('cev');
  const redis = await redisFixture(t, ns);
  const view = new EmployerView(redis, ns, { minScore: MIN_SCORE });
  let position = 0;
  const apply = (...events: AttacheEvent[]) =>
    applyMessages(
      redis,
      ns,
      employerViewProjection,
      events.map(({ envelope }) => {
        position += 1;
        return { position, events: [{ envelope, position }] };
      }),
    );
  const snapshot = async () => {
    const { prefix } = await projectionKeys(redis, ns, EMPLOYER_VIEW);
    const found = (await redis.keys(`${prefix}:*`)).sort();
    return Object.fromEntries(
      await Promise.all(
        found.map(async (key) => {
          const type = await redis.type(key);
          const value =
            type === 'hash'
              ? await redis.hgetall(key)
              : type === 'zset'
                ? await redis.zrange(key, 0, -1, 'WITHSCORES')
                : await redis.pfcount(key);
          return [key.slice(prefix.length), value] as const;
        }),
      ),
    );
  };
  return { ns, redis, view, apply, snapshot };
}

t.test('a complaint naming a blacklisted employer of the same country finds it', async (t) => {
  const { view, apply } = await setup(t);
  const employerId = randomUUID();
  await apply(employerVetted(employerId, 'Al-Safa General Trading Est.', 'blacklisted', { day: 4 }));
  t.same(await view.flagFor({ name: 'Safa Trading Company', country: 'SA' }), {
    kind: 'employer-blacklisted',
    employerId,
    employerName: 'Al-Safa General Trading Est.',
    country: 'SA',
    vettedAt: at(4),
    score: 1,
  });
  t.equal(
    await view.flagFor({ name: 'Al Safa Trading', country: 'QA' }),
    null,
    'the same name in another country is another employer',
  );
  t.equal(await view.flagFor({ name: 'Bidii Household', country: 'SA' }), null, 'no shared word, no flag');
  t.equal(await view.flagFor({ name: 'LLC', country: 'SA' }), null, 'a legal form alone matches nothing');
  t.same(await view.get(employerId), {
    employerId,
    name: 'Al-Safa General Trading Est.',
    country: 'SA',
    status: 'blacklisted',
    vettedAt: at(4),
  });
});

t.test('a match must be close enough: one shared word among several is not', async (t) => {
  const { ns, redis, view, apply } = await setup(t);
  const employerId = randomUUID();
  await apply(employerVetted(employerId, 'Noor Cleaning Services', 'flagged'));
  t.equal(await view.flagFor({ name: 'Noor Catering', country: 'SA' }), null, 'score 0.5, below 0.75');
  t.equal(
    (await view.flagFor({ name: 'Nour Cleaning', country: 'SA' }))?.kind,
    undefined,
    'a misspelt distinctive word is one word of two: no flag',
  );
  t.equal(
    (await view.flagFor({ name: 'El Noor Cleaning Co', country: 'SA' }))?.kind,
    'employer-flagged',
    'the same distinctive words, however written',
  );
  const lenient = new EmployerView(redis, ns, { minScore: 0.5 });
  t.equal(
    (await lenient.flagFor({ name: 'Noor Catering', country: 'SA' }))?.score,
    0.5,
    'a lower configured score accepts it',
  );
});

t.test('a later clearing lifts the flag; a blacklisting replaces a flag', async (t) => {
  const { view, apply } = await setup(t);
  const employerId = randomUUID();
  const named = { name: 'Jasiri Household Est', country: 'SA' };
  await apply(employerVetted(employerId, 'Jasiri Household Establishment', 'flagged', { day: 3 }));
  t.equal((await view.flagFor(named))?.kind, 'employer-flagged');
  await apply(employerVetted(employerId, 'Jasiri Household Establishment', 'blacklisted', { day: 5 }));
  t.match(await view.flagFor(named), { kind: 'employer-blacklisted', vettedAt: at(5) });
  await apply(employerVetted(employerId, 'Jasiri Household Establishment', 'cleared', { day: 7 }));
  t.equal(await view.flagFor(named), null, 'the blacklisting lifted, the complaint shows nothing');
  t.equal((await view.get(employerId))?.status, 'cleared', 'the employer is still known, cleared');
  await apply(employerVetted(employerId, 'Jasiri Household Establishment', 'flagged', { day: 8 }));
  t.equal((await view.flagFor(named))?.kind, 'employer-flagged', 'flagged again, shown again');
});

t.test('an employer vetted under a new name is found by it, no longer by the old one', async (t) => {
  const { view, apply } = await setup(t);
  const employerId = randomUUID();
  await apply(
    employerVetted(employerId, 'Baraka Cleaning Co', 'flagged'),
    employerVetted(employerId, 'Upendo Facilities Co', 'flagged'),
  );
  t.equal(await view.flagFor({ name: 'Baraka Cleaning', country: 'SA' }), null);
  t.equal((await view.flagFor({ name: 'Upendo Facilities', country: 'SA' }))?.employerId, employerId);
});

t.test('of equally good matches the blacklisted one is shown', async (t) => {
  const { view, apply } = await setup(t);
  const [flagged, blacklisted] = [randomUUID(), randomUUID()];
  await apply(
    employerVetted(flagged, 'Zawadi Home Care LLC', 'flagged'),
    employerVetted(blacklisted, 'Zawadi Home Care Est', 'blacklisted'),
  );
  t.equal((await view.flagFor({ name: 'Zawadi Home Care', country: 'SA' }))?.employerId, blacklisted);
});

t.test('the same events delivered again leave the same view', async (t) => {
  const { view, apply, snapshot } = await setup(t);
  const employerId = randomUUID();
  const vettings = [
    employerVetted(employerId, 'Imara Gulf Contracting', 'flagged'),
    employerVetted(employerId, 'Imara Gulf Contracting', 'blacklisted'),
  ];
  await apply(...vettings);
  const before = await snapshot();
  const last = vettings[1] as AttacheEvent;
  t.equal(await apply(last), 1, 'the last vetting published again, at a later position');
  const again = await snapshot();
  // Only the position of the last vetting applied moves.
  const seqless = (s: Record<string, unknown>) =>
    JSON.stringify(s, (key, value) => (key === 'seq' ? undefined : value));
  t.equal(seqless(again), seqless(before), 'the view is unchanged');
  t.equal((await view.flagFor({ name: 'Imara Gulf', country: 'SA' }))?.kind, 'employer-blacklisted');
});

t.test(
  'a look-up stays bounded in a country where thousands of flagged employers share a word',
  async (t) => {
    const { ns, redis, apply } = await setup(t);
    const sharing = 2_000;
    await apply(
      ...Array.from({ length: sharing }, (_, i) =>
        employerVetted(randomUUID(), `Gulf Star ${i} Trading`, 'flagged'),
      ),
    );
    const rare = randomUUID();
    await apply(employerVetted(rare, 'Gulf Zebrafinch Trading', 'blacklisted'));
    const counting = countingRedis(redis);
    const view = new EmployerView(counting.redis, ns, { minScore: MIN_SCORE });
    t.equal(
      (await view.flagFor({ name: 'Gulf Zebrafinch', country: 'SA' }))?.employerId,
      rare,
      'the rare word finds it',
    );
    const read = () => counting.sent.filter((c) => c.name === 'hmget').length;
    t.equal(read(), 1, 'one employer read, not the thousands named "Gulf"');
    counting.reset();
    await view.flagFor({ name: 'Gulf Star', country: 'SA' });
    t.ok(read() <= DEFAULT_CANDIDATE_LIMITS.maxIdsRead, `${read()} employers read for common words only`);
  },
);

t.test('the view on its source, as the module declares it: invalid messages are dead-lettered', async (t) => {
  const ns = uniqueNamespace('cevs');
  const nc = await natsFixture(t, ns);
  const redis = await redisFixture(t, ns);
  await ensureIntegrationStreams(nc, ns);
  const js = jetstream(nc);
  const runner = await startProjection({
    nc,
    redis,
    namespace: ns,
    projection: employerViewProjection,
    source: attacheEventsSource(ns, EMPLOYER_VIEW),
  });
  t.teardown(() => runner.stop());
  const h = headers();
  h.set('ce-specversion', '1.0');
  h.set('ce-type', employerVetted('x', 'x', 'flagged').definition.type);
  h.set('ce-id', randomUUID());
  const bad = await js.publish(names.integrationSubject(ns, h.get('ce-type')), 'not json', { headers: h });
  const employerId = randomUUID();
  for (const { definition, envelope } of [
    caseOpened(randomUUID()),
    employerVetted(employerId, 'Faraja Domestic Services', 'blacklisted'),
  ])
    await publishIntegrationEvent(js, ns, definition, envelope);
  await runner.caughtUp();
  const view = new EmployerView(redis, ns, { minScore: MIN_SCORE });
  t.equal((await view.flagFor({ name: 'Faraja Domestic', country: 'SA' }))?.employerId, employerId);
  const letters = await listDeadLetters(nc, ns, EMPLOYER_VIEW);
  t.equal(letters.length, 1, 'one dead letter');
  t.equal(letters[0]?.originalStreamSeq, bad.seq, 'of the bad message');
  await runner.stop();
});
