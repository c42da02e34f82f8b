import { foldEvents } from '@kazi/core';
import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { employerEventDataSchemas, parseEmployerEvent } from './events.ts';
import { employerDecider } from './index.ts';
import {
  attacheSa,
  employerDay as day,
  employerId,
  neaDirector,
  register,
  registered,
  registeredEvent,
  secondAttacheSa,
  vet,
  vetted,
} from './specFixtures.ts';

/** An employer abroad: registered, then cleared, flagged or blacklisted; four eyes to lift a blacklisting. */
const spec = deciderSpec(employerDecider);
const fourEyes = { type: 'four-eyes-rule', kind: 'conflict' } as const;
const blacklistedByA = [registeredEvent, vetted(day(1), 'blacklisted', attacheSa)];

t.test('registration', async (t) => {
  t.test('records the company: name, country, registration number, contact', async (t) => {
    spec(t).given([]).when(register()).then([registeredEvent]);
  });
  t.test('without a registration number or a contact', async (t) => {
    const { registrationNumber: _r, contact: _c, ...data } = registeredEvent.data;
    spec(t)
      .given([])
      .when(register({ registrationNumber: undefined, contact: undefined }))
      .then([{ type: registeredEvent.type, data }]);
  });
  t.test('an employer is registered once', async (t) => {
    spec(t)
      .given([registeredEvent])
      .when(register())
      .thenThrows({ type: 'employer-exists', kind: 'conflict' });
  });
});

t.test('vetting', async (t) => {
  t.test('an unknown employer is not found', async (t) => {
    spec(t)
      .given([])
      .when(vet(day(1), 'cleared'))
      .thenThrows({ type: 'employer-not-found', kind: 'not-found' });
  });
  for (const outcome of ['cleared', 'flagged', 'blacklisted'] as const) {
    t.test(`${outcome}: with the reason, the attaché and the mission, the name and country`, async (t) => {
      spec(t)
        .given([registeredEvent])
        .when(vet(day(1), outcome))
        .then([vetted(day(1), outcome)]);
    });
  }
  t.test('the name and country are the registered ones', async (t) => {
    const expected = vetted(day(1), 'flagged');
    spec(t)
      .given([registered({ name: 'Gulf Star Cleaning Co', country: 'QA' })])
      .when(vet(day(1), 'flagged'))
      .then([{ ...expected, data: { ...expected.data, name: 'Gulf Star Cleaning Co', country: 'QA' } }]);
  });
  t.test("an attaché's vetting names their mission", async (t) => {
    const { mission: _mission, ...noMission } = attacheSa;
    spec(t)
      .given([registeredEvent])
      .when(vet(day(1), 'flagged', noMission))
      .thenThrows({ type: 'mission-required', kind: 'invalid' });
  });
  t.test('a director vets without a mission', async (t) => {
    spec(t)
      .given([registeredEvent])
      .when(vet(day(1), 'blacklisted', neaDirector))
      .then([vetted(day(1), 'blacklisted', neaDirector)]);
  });
  t.test('a vetting may repeat an outcome: each is a record of its own', async (t) => {
    spec(t)
      .given([registeredEvent, vetted(day(1), 'flagged')])
      .when(vet(day(2), 'flagged', secondAttacheSa, 'a third worker reports late wages'))
      .then([vetted(day(2), 'flagged', secondAttacheSa, 'a third worker reports late wages')]);
  });
});

t.test('four eyes: lifting a blacklisting', async (t) => {
  for (const outcome of ['cleared', 'flagged'] as const) {
    t.test(`the attaché who blacklisted may not make it ${outcome}`, async (t) => {
      spec(t)
        .given(blacklistedByA)
        .when(vet(day(2), outcome, attacheSa))
        .thenThrows(fourEyes);
    });
    t.test(`a second attaché may make it ${outcome}`, async (t) => {
      spec(t)
        .given(blacklistedByA)
        .when(vet(day(2), outcome, secondAttacheSa))
        .then([vetted(day(2), outcome, secondAttacheSa)]);
    });
    t.test(`an NEA director may make it ${outcome}`, async (t) => {
      spec(t)
        .given(blacklistedByA)
        .when(vet(day(2), outcome, neaDirector))
        .then([vetted(day(2), outcome, neaDirector)]);
    });
  }
  t.test('the attaché who blacklisted may blacklist again (a new reason): nothing is lifted', async (t) => {
    spec(t)
      .given(blacklistedByA)
      .when(vet(day(2), 'blacklisted', attacheSa, 'a worker was injured'))
      .then([vetted(day(2), 'blacklisted', attacheSa, 'a worker was injured')]);
  });
  t.test('every attaché who blacklisted it since it was blacklisted is one pair of eyes', async (t) => {
    const byBoth = [...blacklistedByA, vetted(day(2), 'blacklisted', secondAttacheSa)];
    spec(t)
      .given(byBoth)
      .when(vet(day(3), 'cleared', attacheSa))
      .thenThrows(fourEyes, 'not the first');
    spec(t)
      .given(byBoth)
      .when(vet(day(3), 'cleared', secondAttacheSa))
      .thenThrows(fourEyes, 'nor the second');
  });
  t.test('once lifted, a new blacklisting starts afresh', async (t) => {
    const relisted = [
      ...blacklistedByA,
      vetted(day(2), 'cleared', neaDirector),
      vetted(day(3), 'blacklisted', secondAttacheSa),
    ];
    spec(t)
      .given(relisted)
      .when(vet(day(4), 'cleared', attacheSa))
      .then([vetted(day(4), 'cleared', attacheSa)], 'the first blacklister is a second pair of eyes now');
    spec(t)
      .given(relisted)
      .when(vet(day(4), 'cleared', secondAttacheSa))
      .thenThrows(fourEyes);
  });
  t.test('a flagging is no blacklisting: the attaché who flagged may clear it', async (t) => {
    spec(t)
      .given([registeredEvent, vetted(day(1), 'flagged', attacheSa)])
      .when(vet(day(2), 'cleared', attacheSa))
      .then([vetted(day(2), 'cleared', attacheSa)]);
  });
});

t.test('the state: status, vetting history and who blacklisted', async (t) => {
  const state = foldEvents(employerDecider, employerDecider.initialState(), [
    registeredEvent,
    vetted(day(1), 'flagged'),
    vetted(day(2), 'blacklisted'),
  ]);
  t.equal(state.status, 'blacklisted');
  t.same(state.registered, registeredEvent.data);
  t.same(
    state.vettings.map((v) => [v.outcome, v.by.sub, v.at]),
    [
      ['flagged', 'attache-sa-1', day(1)],
      ['blacklisted', 'attache-sa-1', day(2)],
    ],
  );
  t.same(state.blacklistedBy, ['attache-sa-1']);
  t.equal(state.updatedAt, day(2));
  const lifted = employerDecider.evolve(state, vetted(day(3), 'cleared', neaDirector));
  t.equal(lifted.status, 'cleared');
  t.same(lifted.blacklistedBy, [], 'nobody blacklisted it since');
  t.equal(employerDecider.initialState().status, null, 'before registration it does not exist');
  const justRegistered = foldEvents(employerDecider, employerDecider.initialState(), [registeredEvent]);
  t.equal(justRegistered.status, 'unvetted');
  t.equal(justRegistered.registered?.employerId, employerId);
});

t.test('the examples are valid stored events', async (t) => {
  for (const event of [
    registeredEvent,
    vetted(day(1), 'blacklisted'),
    vetted(day(1), 'cleared', neaDirector),
  ])
    t.ok(employerEventDataSchemas[event.type].safeParse(event.data).success, event.type);
  const stored = JSON.parse(JSON.stringify(vetted(day(1), 'flagged')));
  t.same(parseEmployerEvent(stored), vetted(day(1), 'flagged'), 'a stored event round-trips');
  t.throws(
    () => parseEmployerEvent({ type: 'ke.nea.attache-cases.case-opened.v1', data: {} }),
    /not an employer/,
  );
  t.throws(() => parseEmployerEvent({ ...stored, data: { ...stored.data, outcome: 'suspended' } }));
});
