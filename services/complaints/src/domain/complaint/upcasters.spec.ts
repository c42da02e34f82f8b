import { foldEvents } from '@kazi/core';
import t from 'tap';
import { type ComplaintEvent, ComplaintEventType as E, isComplaintEventType } from './events.ts';
import { complaintDecider } from './index.ts';
import { toIntegrationEvents } from './integration.ts';
import {
  closed,
  complaintId,
  day,
  director,
  erased,
  hotline,
  lodgedEvent,
  officer,
  reference,
  referred,
  reopened,
  resolved,
  triaged,
  withdrawn,
} from './specFixtures.ts';
import { complaintUpcasters, upcastComplaintEvent } from './upcasters.ts';

/**
 * Issue 9: v1 events stored free text in the clear. The log keeps them, so they must still read (upcast to
 * v2, the text tagged `{ clear }`), never reach other services, and read as erased after an erasure.
 */
const v1 = (event: string) => `ke.nea.complaints.${event}.v1`;
const at = day(1);

const { location: _location, employer: _employer, ...lodgedFacts } = lodgedEvent.data;
/** The default lodging as a v1 event wrote it: city and employer name in the clear. */
const lodgedV1 = {
  type: v1('complaint-lodged'),
  data: {
    ...lodgedFacts,
    location: { country: 'SA', city: 'Riyadh' },
    employer: { name: 'Al-Noor Household Services', country: 'SA' },
  },
};
const triagedV1 = {
  type: v1('complaint-triaged'),
  data: {
    categories: ['withheld-wages'],
    indicators: ['withholding-of-wages'],
    traffickingSuspected: false,
    severity: 'high',
    previousSeverity: 'high',
    respondBy: day(3),
    reason: 'Amina called back from Riyadh',
    by: officer,
    at,
  },
};
const referredV1 = {
  type: v1('complaint-referred'),
  data: {
    reference,
    categories: ['withheld-wages'],
    severity: 'high',
    to: 'labour-attache',
    country: 'SA',
    note: 'she is at the house of Mr Saleh',
    by: officer,
    at: day(2),
  },
};
const resolvedV1 = {
  type: v1('complaint-resolved'),
  data: {
    outcome: 'resolved-in-favour',
    remedy: { kind: 'wages-recovered', amount: 100, currency: 'SAR', description: 'paid to Amina' },
    by: officer,
    at: day(3),
  },
};
const reopenedV1 = {
  type: v1('complaint-reopened'),
  data: { reason: 'Amina rang again', severity: 'high', respondBy: day(7), by: officer, at: day(4) },
};
const withdrawnV1 = {
  type: v1('complaint-withdrawn'),
  data: { reason: 'Amina is home', by: hotline, at: day(5) },
};
const erasedV1 = {
  type: v1('complainant-data-erased'),
  data: { subjectId: 'complainant:complaint-1', reason: 'Amina asked', by: director, at: day(6) },
};
const clearTexts = [
  'Riyadh',
  'Al-Noor',
  'Amina called back',
  'Mr Saleh',
  'paid to Amina',
  'Amina rang again',
  'Amina is home',
  'Amina asked',
];

t.test('each v1 event with free text becomes its v2, the text tagged clear', async (t) => {
  t.same(upcastComplaintEvent(lodgedV1), {
    type: E.Lodged,
    data: {
      ...lodgedFacts,
      location: { country: 'SA', city: { clear: 'Riyadh' } },
      employer: { name: { clear: 'Al-Noor Household Services' }, country: 'SA' },
    },
  });
  t.same(upcastComplaintEvent(triagedV1).data.reason, { clear: 'Amina called back from Riyadh' });
  t.equal(upcastComplaintEvent(triagedV1).type, E.Triaged);
  t.same(upcastComplaintEvent(referredV1), {
    type: E.Referred,
    data: { ...referredV1.data, note: { clear: 'she is at the house of Mr Saleh' } },
  });
  t.same(upcastComplaintEvent(resolvedV1).data.remedy, {
    kind: 'wages-recovered',
    amount: 100,
    currency: 'SAR',
    description: { clear: 'paid to Amina' },
  });
  t.same(upcastComplaintEvent(reopenedV1).data.reason, { clear: 'Amina rang again' });
  t.same(upcastComplaintEvent(withdrawnV1).data.reason, { clear: 'Amina is home' });
  t.same(upcastComplaintEvent(erasedV1).data.reason, { clear: 'Amina asked' });
  for (const old of Object.keys(complaintUpcasters)) {
    const type = upcastComplaintEvent({ type: old, data: { at } }).type;
    t.ok(isComplaintEventType(type), `${old} reads as a current event (${type})`);
  }
});

t.test('a v1 event without the optional text gets none', async (t) => {
  const silent = upcastComplaintEvent({ type: v1('complaint-withdrawn'), data: { by: hotline, at } });
  t.same(silent, { type: E.Withdrawn, data: { by: hotline, at } });
  const { city: _city, ...noCity } = lodgedV1.data.location;
  const { employer: _none, ...noEmployer } = lodgedV1.data;
  const bare = upcastComplaintEvent({ type: lodgedV1.type, data: { ...noEmployer, location: noCity } });
  t.same(bare.data, { ...lodgedFacts, location: { country: 'SA' } });
});

t.test('current events pass unchanged', async (t) => {
  for (const event of [lodgedEvent, closed(at), referred(at)]) t.equal(upcastComplaintEvent(event), event);
});

const v1Life = [lodgedV1, triagedV1, referredV1, resolvedV1, closed(day(3.5)), reopenedV1, withdrawnV1];
const fold = (events: { type: string; data: unknown }[]) =>
  foldEvents(
    complaintDecider,
    complaintDecider.initialState(),
    events.map(upcastComplaintEvent) as ComplaintEvent[],
  );

t.test('the state keeps v1 clear text while the data is held, and drops it on erasure', async (t) => {
  // Up to the resolution, then the whole life (a reopening clears the resolution, and its remedy).
  const held = JSON.stringify(fold(v1Life.slice(0, 4))) + JSON.stringify(fold(v1Life));
  for (const text of clearTexts.slice(0, -1)) t.ok(held.includes(text), `held: "${text}" still reads`);
  for (const erasure of [erasedV1, erased(day(6))]) {
    const state = fold([...v1Life, erasure]);
    const json = JSON.stringify(state);
    for (const text of clearTexts) t.notOk(json.includes(text), `after ${erasure.type}: no "${text}"`);
    t.match(
      state.history.find((h) => h.event === 'triaged'),
      { reason: { erased: true } },
    );
    t.match(state.referrals[0], { note: { erased: true } });
  }
});

t.test('sealed text is kept as it is on erasure (its key is what is gone)', async (t) => {
  const events = [
    lodgedEvent,
    triaged(at, { severity: 'high', previousSeverity: 'high', respondBy: day(3) }),
    erased(day(2)),
  ];
  const state = foldEvents(complaintDecider, complaintDecider.initialState(), events);
  t.same(state.lodged?.location, lodgedEvent.data.location);
  t.same(state.history[1]?.reason, (events[1] as ComplaintEvent & { data: { reason: unknown } }).data.reason);
});

t.test('integration events of v1 events equal those of their v2 and carry no free text', async (t) => {
  for (const event of [...v1Life, erasedV1]) {
    const fromV1 = toIntegrationEvents(event, complaintId);
    t.same(fromV1, toIntegrationEvents(upcastComplaintEvent(event), complaintId), `${event.type}`);
    t.equal(fromV1.length, 1, `${event.type} publishes`);
    const wire = JSON.stringify(fromV1.map((m) => m.data));
    for (const text of clearTexts) t.notOk(wire.includes(text), `${event.type}: no "${text}"`);
  }
  t.equal(toIntegrationEvents(resolved(at), complaintId).length, 1);
  t.equal(toIntegrationEvents(reopened(at), complaintId).length, 1);
  t.equal(toIntegrationEvents(withdrawn(at), complaintId).length, 1);
});
