import { laterDay, nairobiDayOf } from '../../dates.ts';
import type { FlagReviewDue, RecordReview } from '../commands.ts';
import { type AgreementEventOf, AgreementEventType as E } from '../events.ts';
import {
  AgreementErrorType,
  invalidField,
  requireAfter,
  requireInForceOn,
  requireLifecycleDay,
  requireStatus,
} from '../rules.ts';
import { type AgreementState, lastDatedStep } from '../state.ts';

/**
 * A review of an agreement in force, due or not: its findings and a recommendation. To renew returns it to
 * in-force (until `renewedUntil`, when the renewal moves its expiry); to amend or terminate keeps it under
 * review until that is recorded. The review that was due is done: the next is due on `nextReviewDue`.
 */
export function recordReview(command: RecordReview, state: AgreementState): [AgreementEventOf<'Reviewed'>] {
  requireStatus(state, ['in-force', 'under-review'], 'review');
  const { date, findings, recommendation, nextReviewDue, renewedUntil, actor, now } = command;
  requireLifecycleDay(state, date, now);
  requireInForceOn(state, date);
  if (renewedUntil !== undefined) {
    if (recommendation !== 'renew')
      throw invalidField(
        AgreementErrorType.RenewalNeedsRenewRecommendation,
        'renewedUntil',
        'is given only with the recommendation to renew',
      );
    requireAfter(
      renewedUntil,
      state.expiry ?? date,
      'renewedUntil',
      state.expiry ? 'the expiry' : 'the review',
    );
  }
  if (nextReviewDue !== undefined) {
    requireAfter(nextReviewDue, date, 'nextReviewDue', 'the review');
    const expiry = renewedUntil ?? state.expiry;
    if (expiry !== null && nextReviewDue > expiry)
      throw invalidField(AgreementErrorType.DateOrder, 'nextReviewDue', 'must not be after the expiry');
  }
  return [
    {
      type: E.Reviewed,
      data: {
        partnerCountry: state.record.partnerCountry,
        reviewId: `review-${state.reviews.length + 1}`,
        date,
        findings,
        recommendation,
        ...(nextReviewDue !== undefined ? { nextReviewDue } : {}),
        ...(renewedUntil !== undefined ? { renewedUntil } : {}),
        by: actor,
        at: now,
      },
    },
  ];
}

/**
 * The clock's sweep: an agreement in force whose review day has come (in Nairobi) goes under review, once
 * per review day, and not once it has lapsed (its expiry comes first). Its step is dated the review day, or
 * the latest day already recorded when an officer recorded a later step before the sweep came by.
 */
export function flagReviewDue(
  command: FlagReviewDue,
  state: AgreementState,
): [] | [AgreementEventOf<'ReviewDue'>] {
  const { status, reviewDue, reviewDueFlagged, expiry, record } = state;
  if (status !== 'in-force' || reviewDue === null || reviewDue === reviewDueFlagged || record === null)
    return [];
  const today = nairobiDayOf(command.now);
  if (today < reviewDue || (expiry !== null && today > expiry)) return [];
  return [
    {
      type: E.ReviewDue,
      data: {
        partnerCountry: record.partnerCountry,
        reviewDue,
        date: laterDay(lastDatedStep(state)?.date ?? reviewDue, reviewDue),
        at: command.now,
      },
    },
  ];
}
