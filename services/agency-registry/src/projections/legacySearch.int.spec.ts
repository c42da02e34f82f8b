import { randomUUID } from 'node:crypto';
import { keysOf, partKeys, projectionLayout } from '@kazi/eventsourcing';
import { redisFixture, uniqueNamespace } from '@kazi/test-servers';
import t from 'tap';
import { agencyIndexProjection } from './agencyIndex.ts';
import { agencyReadModelsProjection } from './agencyReadModels.ts';
import { publicRegisterProjection } from './publicRegister.ts';
import { AgencyQueries } from './queries.ts';

/**
 * While a deployment rebuilds the read models, the generation built by the previous code (version 3: plain
 * sets, no word index) is the live one, and searches must keep answering from it rather than fail.
 */
t.test('a live generation built before the word index is still searched', async (t) => {
  const namespace = uniqueNamespace('legacy');
  const redis = await redisFixture(t, namespace);
  const layout = projectionLayout(namespace, agencyReadModelsProjection.name);
  await redis.set(layout.current, '1');
  await redis.hset(layout.meta(1), 'version', '3', 'checkpoint', '10');
  const index = partKeys(keysOf(layout, 1), agencyIndexProjection);
  const register = partKeys(keysOf(layout, 1), publicRegisterProjection);
  const agencies = ['Zawadi Amani Ltd', 'Amani Safari', 'Baraka Kazi'].map((name) => ({ id: randomUUID(), name }));
  for (const a of agencies) {
    await redis.hset(index.key('agency', a.id), { id: a.id, name: a.name, registrationNumber: 'PVT-1', status: 'licensed', updatedAt: 'x', flagged: '0' });
    await redis.sadd(index.key('all'), a.id);
    await redis.sadd(index.key('status', 'licensed'), a.id);
    await redis.hset(register.key('entry', a.id), { name: a.name, licenceNumber: 'NEA/PRA/2026/00001', status: 'licensed', validUntil: '2027-02-28' });
    await redis.sadd(register.key('listed'), a.id);
  }
  const queries = new AgencyQueries(redis, namespace);
  const first = await queries.search({ q: 'amani', limit: 1 });
  t.same(first.items.map((i) => i.name), ['Amani Safari'], 'ordered by name, a page at a time');
  const second = await queries.search({ q: 'amani', limit: 1, cursor: first.nextCursor ?? undefined });
  t.same(second.items.map((i) => i.name), ['Zawadi Amani Ltd']);
  t.equal(second.nextCursor, null);
  t.same((await queries.search({ status: 'licensed', limit: 10 })).items.length, 3, 'status');
  t.same((await queries.publicRegister('baraka', 10)).map((e) => e.name), ['Baraka Kazi'], 'the public register');

  // The rebuilt generation switches in: the word index answers from then on (it is empty here).
  await redis.hset(layout.meta(2), 'version', String(agencyReadModelsProjection.version));
  await redis.set(layout.current, '2');
  t.same((await queries.search({ q: 'amani', limit: 10 })).items, [], 'the new generation is read');
});
