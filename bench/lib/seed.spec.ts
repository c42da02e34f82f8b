import { randomUUID } from 'node:crypto';
import { decideAgency, evolveAgency, initialAgencyState } from '@kazi/agency-registry/domain';
import { type ComplaintState, evolveComplaint, initialComplaintState } from '@kazi/complaints/domain';
import t from 'tap';
import { defaultComplaintRules } from './complaintsDefaults.ts';
import { agencyEvents, agencyName, complaintEvents, VETTED_VERSION } from './seed.ts';

const now = '2026-03-01T10:00:00.000Z';
const stateAfter = (events: ReturnType<typeof agencyEvents>) =>
  events.reduce(evolveAgency, initialAgencyState());

t.test('names share the common word exactly when asked to, as a word, and never otherwise', async (t) => {
  const wrong: string[] = [];
  let sharing = 0;
  for (let serial = 0; serial < 20_000; serial++) {
    const shares = serial % 4 === 0;
    const name = agencyName(serial, 'Gulf', shares);
    if (shares !== name.split(' ').includes('Gulf') || shares !== /gulf/i.test(name)) wrong.push(name);
    if (/gulf/i.test(name)) sharing += 1;
  }
  t.same(wrong, [], 'the word as a word in sharing names, nowhere in the others');
  t.equal(sharing, 5000, 'a quarter of the names');
});

t.test('every serial gets a name of its own', async (t) => {
  const names = new Set(Array.from({ length: 50_000 }, (_, serial) => agencyName(serial, 'Gulf', false)));
  t.equal(names.size, 50_000);
});

t.test(
  'seeded agencies are what the domain decides: applied, vetted at VETTED_VERSION, licensed',
  async (t) => {
    const applied = agencyEvents(randomUUID(), 1, 'Kamau Gulf Manpower Ltd', 'applied', now);
    t.equal(applied.length, 1);
    t.equal(stateAfter(applied).status, 'applied');
    const vetted = agencyEvents(randomUUID(), 2, 'Kamau Gulf Manpower Ltd', 'vetted', now);
    t.equal(vetted.length, VETTED_VERSION, 'the latency step approves with this expected version');
    // What the approval route will then decide for a director who did not vet: a licence.
    const approved = decideAgency(
      {
        type: 'ApproveLicence',
        licenceNumber: 'NEA/PRA/2026/000001',
        actor: { sub: 'bench-director', name: 'Bench Director' },
        now,
        rules: { requiredChecks: ['business-registration'], validityMonths: 12 },
      },
      stateAfter(vetted),
    );
    t.equal(stateAfter([...vetted, ...approved]).status, 'licensed');
    const licensed = agencyEvents(randomUUID(), 3, 'Kamau Gulf Manpower Ltd', 'licensed', now);
    t.equal(stateAfter(licensed).status, 'licensed');
  },
);

t.test('seeded complaints fill the queue: half closed, some resolved, triaged and lodged', async (t) => {
  const rules = defaultComplaintRules();
  const counts: Record<string, number> = {};
  for (let serial = 0; serial < 100; serial++) {
    const agencyId = serial % 3 === 0 ? randomUUID() : undefined;
    const events = complaintEvents(randomUUID(), serial, agencyId, 'scrypt$7$salt$hash', now, rules);
    const state = events.reduce<ComplaintState>(evolveComplaint, initialComplaintState());
    counts[String(state.status)] = (counts[String(state.status)] ?? 0) + 1;
  }
  t.same(counts, { closed: 50, resolved: 10, triaged: 20, lodged: 20 });
});
