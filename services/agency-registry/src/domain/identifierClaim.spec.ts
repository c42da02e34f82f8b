import { foldEvents } from '@kazi/core';
import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import {
  identifierClaim as decider,
  IDENTIFIER_CLAIMED,
  IDENTIFIER_RELEASED,
  type IdentifierClaimEvent,
  identifierStream,
} from './identifierClaim.ts';

const spec = deciderSpec(decider);
const now = '2026-03-01T10:00:00.000Z';
const identifier = { kind: 'kra-pin', value: 'P051234567X' } as const;
const claim = (agencyId: string, holderAbandoned = false) =>
  ({ type: 'ClaimIdentifier', ...identifier, agencyId, now, holderAbandoned }) as const;
const release = (agencyId: string) => ({ type: 'ReleaseIdentifier', ...identifier, agencyId, now }) as const;
const claimed = (agencyId: string): IdentifierClaimEvent => ({
  type: IDENTIFIER_CLAIMED,
  data: { ...identifier, agencyId, at: now },
});
const released = (agencyId: string): IdentifierClaimEvent => ({
  type: IDENTIFIER_RELEASED,
  data: { ...identifier, agencyId, at: now },
});

t.test('a free identifier is claimed', async (t) => {
  spec(t)
    .given([])
    .when(claim('a'))
    .then([claimed('a')]);
});

t.test('an identifier held by a live application is refused to another', async (t) => {
  spec(t)
    .given([claimed('a')])
    .when(claim('b'))
    .thenThrows({ type: 'duplicate-kra-pin', kind: 'conflict' });
});

t.test('claiming again by the holder changes nothing (retries are safe)', async (t) => {
  spec(t)
    .given([claimed('a')])
    .when(claim('a'))
    .thenNothing();
});

t.test('an identifier whose holder was never stored may be taken over', async (t) => {
  spec(t)
    .given([claimed('a')])
    .when(claim('b', true))
    .then([claimed('b')]);
});

t.test('released identifiers can be claimed again; only the holder releases', async (t) => {
  spec(t)
    .given([claimed('a')])
    .when(release('b'))
    .thenNothing('someone else cannot release it');
  spec(t)
    .given([claimed('a')])
    .when(release('a'))
    .then([released('a')], 'the holder releases it');
  t.same(foldEvents(decider, decider.initialState(), [claimed('a'), released('a')]), {
    holder: null,
    claimedAt: null,
  });
  spec(t)
    .given([claimed('a'), released('a')])
    .when(claim('b'))
    .then([claimed('b')], 'and then it is free');
});

t.test('case and spacing do not make a different identifier', async (t) => {
  t.equal(
    identifierStream('registration-number', 'pvt-2024 001'),
    identifierStream('registration-number', 'PVT2024001'),
  );
  t.match(identifierStream('kra-pin', 'P051234567X'), /^kra-pin\.[0-9a-f]+$/);
});
