import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import {
  licenceNumberSequence as decider,
  formatLicenceNumber,
  LICENCE_NUMBER_ALLOCATED,
  type LicenceNumberAllocated,
} from './licenceNumberSequence.ts';

const spec = deciderSpec(decider);
const now = '2026-03-01T10:00:00.000Z';
const allocate = (agencyId: string, year = 2026) => ({
  type: 'AllocateLicenceNumber' as const,
  year,
  agencyId,
  now,
});
const allocated = (agencyId: string, sequence: number): LicenceNumberAllocated => ({
  type: LICENCE_NUMBER_ALLOCATED,
  data: { year: 2026, sequence, licenceNumber: formatLicenceNumber(2026, sequence), agencyId, at: now },
});

t.test('numbers are sequential per year and zero-padded', async (t) => {
  spec(t)
    .given([])
    .when(allocate('a'))
    .then([allocated('a', 1)]);
  spec(t)
    .given([allocated('a', 1)])
    .when(allocate('b'))
    .then([allocated('b', 2)]);
  const [third] = spec(t)
    .given([allocated('a', 1), allocated('b', 2)])
    .when(allocate('c'))
    .then([allocated('c', 3)]);
  t.same(
    [allocated('a', 1), allocated('b', 2), third].map((e) => e?.data.licenceNumber),
    ['NEA/PRA/2026/00001', 'NEA/PRA/2026/00002', 'NEA/PRA/2026/00003'],
  );
  t.equal(formatLicenceNumber(2027, 42), 'NEA/PRA/2027/00042');
});

t.test(
  'allocating again for the same agency reuses its number (a retried approval burns none)',
  async (t) => {
    const given = [allocated('a', 1), allocated('b', 2)];
    spec(t).given(given).when(allocate('a')).thenNothing();
    t.equal(given.reduce(decider.evolve, decider.initialState()).byAgency.a, 'NEA/PRA/2026/00001');
  },
);

t.test('a nonsense year is refused', async (t) => {
  spec(t).given([]).when(allocate('a', 26)).thenThrows({ type: 'invalid-year' });
});
