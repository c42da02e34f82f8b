import { DomainError } from '@kazi/core';
import { addDays, nairobiDayOf } from '../../dates.ts';
import type {
  AmendAgreement,
  EnterIntoForce,
  ExpireAgreement,
  RecordExpiry,
  SignAgreement,
  TerminateAgreement,
} from '../commands.ts';
import { type AgreementEventOf, AgreementEventType as E, type Provision, type Sector } from '../events.ts';
import {
  AgreementErrorType,
  requireAfter,
  requireInForceOn,
  requireLifecycleDay,
  requireStatus,
} from '../rules.ts';
import { type AgreementState, currentTerms } from '../state.ts';

export function signAgreement(command: SignAgreement, state: AgreementState): [AgreementEventOf<'Signed'>] {
  requireStatus(state, ['negotiating'], 'sign');
  requireLifecycleDay(state, command.date, command.now);
  return [
    {
      type: E.Signed,
      data: {
        partnerCountry: state.record.partnerCountry,
        date: command.date,
        by: command.actor,
        at: command.now,
      },
    },
  ];
}

/**
 * Entry into force needs a signature, on or after its day. The review and expiry days, when the agreement
 * sets them, come after it, and a review is due before the agreement expires. Days already past are
 * accepted (an agreement recorded years after the fact): the clock then does at once what is due.
 */
export function enterIntoForce(
  command: EnterIntoForce,
  state: AgreementState,
): [AgreementEventOf<'EnteredIntoForce'>] {
  if (state.status === 'negotiating')
    throw new DomainError(
      AgreementErrorType.SignatureRequired,
      'an agreement enters into force once it is signed: record the signature first',
      'conflict',
      { status: state.status },
    );
  requireStatus(state, ['signed'], 'bring into force');
  const { date, reviewDue, expiry, actor, now } = command;
  requireLifecycleDay(state, date, now);
  if (reviewDue !== undefined) requireAfter(reviewDue, date, 'reviewDue', 'the date it enters into force');
  if (expiry !== undefined) requireAfter(expiry, date, 'expiry', 'the date it enters into force');
  if (reviewDue !== undefined && expiry !== undefined && reviewDue > expiry)
    throw new DomainError(AgreementErrorType.DateOrder, 'reviewDue is after the expiry', 'invalid', {
      errors: [{ path: 'reviewDue', message: 'must not be after the expiry' }],
    });
  const terms = currentTerms(state);
  return [
    {
      type: E.EnteredIntoForce,
      data: {
        partnerCountry: state.record.partnerCountry,
        date,
        ...(reviewDue !== undefined ? { reviewDue } : {}),
        ...(expiry !== undefined ? { expiry } : {}),
        provisionKinds: (terms?.provisions ?? []).map((p) => p.kind),
        sectors: terms?.sectors ?? [],
        by: actor,
        at: now,
      },
    },
  ];
}

/** Provisions and sectors compared as sets: the same terms in another order are no amendment. */
const canonical = (items: readonly (Provision | Sector)[]): string =>
  JSON.stringify(items.map((item) => JSON.stringify(Object.entries(item).sort())).sort());

/**
 * An amendment gives the whole provisions (and sectors, when they change) in force from its day; the terms
 * before it stay, valid until then. It returns an agreement under review to in-force.
 */
export function amendAgreement(
  command: AmendAgreement,
  state: AgreementState,
): [AgreementEventOf<'Amended'>] {
  requireStatus(state, ['in-force', 'under-review'], 'amend');
  const { date, summary, provisions, actor, now } = command;
  requireLifecycleDay(state, date, now);
  requireInForceOn(state, date);
  const terms = currentTerms(state);
  const sectors = command.sectors ?? terms?.sectors ?? [];
  if (
    canonical(provisions) === canonical(terms?.provisions ?? []) &&
    canonical(sectors) === canonical(terms?.sectors ?? [])
  )
    throw new DomainError(
      AgreementErrorType.AmendmentChangesNothing,
      'these are the provisions and sectors in force already',
      'conflict',
    );
  return [
    {
      type: E.Amended,
      data: {
        partnerCountry: state.record.partnerCountry,
        // The recorded terms are the first: one amendment per later version.
        amendment: state.terms.length,
        date,
        summary,
        provisions,
        sectors,
        by: actor,
        at: now,
      },
    },
  ];
}

/**
 * An officer records an expiry (the agreement lapsed by notice, or before the clock noticed): `date` is
 * the first day it was no longer in force, at the latest the day after its expiry day.
 */
export function recordExpiry(command: RecordExpiry, state: AgreementState): [AgreementEventOf<'Expired'>] {
  requireStatus(state, ['in-force', 'under-review'], 'expire');
  const { date, reason, actor, now } = command;
  requireLifecycleDay(state, date, now);
  if (state.expiry !== null) requireInForceOn(state, addDays(date, -1));
  return [
    {
      type: E.Expired,
      data: {
        partnerCountry: state.record.partnerCountry,
        date,
        ...(state.expiry !== null ? { expiry: state.expiry } : {}),
        cause: 'officer',
        reason,
        by: actor,
        at: now,
      },
    },
  ];
}

/** Termination is final. Negotiations broken off end a negotiating agreement the same way. */
export function terminateAgreement(
  command: TerminateAgreement,
  state: AgreementState,
): [AgreementEventOf<'Terminated'>] {
  requireStatus(state, ['negotiating', 'signed', 'in-force', 'under-review'], 'terminate');
  const { date, reason, actor, now } = command;
  requireLifecycleDay(state, date, now);
  requireInForceOn(state, date);
  return [
    {
      type: E.Terminated,
      data: {
        partnerCountry: state.record.partnerCountry,
        date,
        reason,
        previousStatus: state.status,
        by: actor,
        at: now,
      },
    },
  ];
}

/**
 * The clock's sweep asks every candidate; only an agreement in force (or under review) whose expiry day
 * has passed in Nairobi expires, as of the day after it. Anything else decides nothing rather than failing,
 * so the sweep can run any number of times on any replica and each lapse yields exactly one expiry.
 */
export function expireAgreement(
  command: ExpireAgreement,
  state: AgreementState,
): [] | [AgreementEventOf<'Expired'>] {
  const { status, expiry, record } = state;
  if ((status !== 'in-force' && status !== 'under-review') || expiry === null || record === null) return [];
  const lapsedOn = addDays(expiry, 1);
  if (nairobiDayOf(command.now) < lapsedOn) return [];
  return [
    {
      type: E.Expired,
      data: {
        partnerCountry: record.partnerCountry,
        date: lapsedOn,
        expiry,
        cause: 'clock',
        at: command.now,
      },
    },
  ];
}
