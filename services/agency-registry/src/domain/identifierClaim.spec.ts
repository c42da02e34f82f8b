import t from 'tap';

const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};
import { identifierClaim as decider, identifierStream } from './identifierClaim.ts';

const now = '2026-03-01T10:00:00.000Z';
const claim = (agencyId: string, holderAbandoned = false) =>
  ({ type: 'ClaimIdentifier', kind: 'kra-pin', value: 'P051234567X', agencyId, now, holderAbandoned }) as const;
const release = (agencyId: string) =>
  ({ type: 'ReleaseIdentifier', kind: 'kra-pin', value: 'P051234567X', agencyId, now }) as const;
const held = (agencyId: string) => ({ holder: agencyId, claimedAt: now });

t.test('a free identifier is claimed', async (t) => {
  const [event] = decider.decide(claim('a'), decider.initialState());
  t.match(event, { type: 'ke.nea.agency-registry.identifier-claimed.v1', data: { agencyId: 'a' } });
});

t.test('an identifier held by a live application is refused to another', async (t) => {
  t.match(caught(() => decider.decide(claim('b'), held('a'))), { type: 'duplicate-kra-pin', status: 409 });
});

t.test('claiming again by the holder changes nothing (retries are safe)', async (t) => {
  t.same(decider.decide(claim('a'), held('a')), []);
});

t.test('an identifier whose holder was never stored may be taken over', async (t) => {
  t.equal(decider.decide(claim('b', true), held('a')).length, 1);
});

t.test('released identifiers can be claimed again; only the holder releases', async (t) => {
  t.same(decider.decide(release('b'), held('a')), []);
  const released = decider.decide(release('a'), held('a'));
  const state = released.reduce(decider.evolve, held('a'));
  t.same(state, { holder: null, claimedAt: null });
  t.equal(decider.decide(claim('b'), state).length, 1);
});

t.test('case and spacing do not make a different identifier', async (t) => {
  t.equal(identifierStream('registration-number', 'pvt-2024 001'), identifierStream('registration-number', 'PVT2024001'));
  t.match(identifierStream('kra-pin', 'P051234567X'), /^kra-pin\.[0-9a-f]+$/);
});
