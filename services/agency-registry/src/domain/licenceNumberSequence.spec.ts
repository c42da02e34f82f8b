import t from 'tap';

const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};
import { formatLicenceNumber, licenceNumberSequence as decider } from './licenceNumberSequence.ts';

const now = '2026-03-01T10:00:00.000Z';
const allocate = (agencyId: string) => ({ type: 'AllocateLicenceNumber' as const, year: 2026, agencyId, now });
const run = (agencyIds: string[]) =>
  agencyIds.reduce(
    (acc, id) => {
      const events = decider.decide(allocate(id), acc.state);
      return { state: events.reduce(decider.evolve, acc.state), events: [...acc.events, ...events] };
    },
    { state: decider.initialState(), events: [] as ReturnType<typeof decider.decide> },
  );

t.test('numbers are sequential per year and zero-padded', async (t) => {
  const { events } = run(['a', 'b', 'c']);
  t.same(
    events.map((e) => e.data.licenceNumber),
    ['NEA/PRA/2026/00001', 'NEA/PRA/2026/00002', 'NEA/PRA/2026/00003'],
  );
  t.equal(formatLicenceNumber(2027, 42), 'NEA/PRA/2027/00042');
});

t.test('allocating again for the same agency reuses its number (a retried approval burns none)', async (t) => {
  const { state } = run(['a', 'b']);
  t.same(decider.decide(allocate('a'), state), []);
  t.equal(state.byAgency.a, 'NEA/PRA/2026/00001');
});

t.test('a nonsense year is refused', async (t) => {
  t.match(caught(() => decider.decide({ ...allocate('a'), year: 26 }, decider.initialState())), { type: 'invalid-year' });
});
