import { nairobiDayOf } from '../dates.ts';
import type { Provision, Sector } from './events.ts';
import type { AgreementState, CommitteeMeeting, Review } from './state.ts';
import type { ActionStatus, AgreementKind, AgreementStatus } from './vocabulary.ts';

/**
 * An agreement as it stood on a day (GET /blmas/:id?asOf=YYYY-MM-DD). Its documents are not in it: they
 * are attachments of the record, uploaded whenever, listed with the agreement as it is now.
 */
export interface AgreementAsOf {
  asOf: string;
  agreementId: string;
  partnerCountry: string;
  title: string;
  kind: AgreementKind;
  notes?: string;
  status: AgreementStatus;
  signedOn: string | null;
  inForceFrom: string | null;
  reviewDue: string | null;
  expiry: string | null;
  /** The terms in effect that day: their version, since when, the provisions and sectors. */
  terms: { version: number; validFrom: string | null; provisions: Provision[]; sectors: Sector[] };
  /** The amendments in effect by then, oldest first. */
  amendments: { number: number; date: string; summary: string }[];
  reviews: Review[];
  /** The meetings held by then, each action with its status that day. */
  meetings: (Omit<CommitteeMeeting, 'actions'> & {
    actions: {
      actionId: string;
      action: string;
      owner: string;
      due: string;
      status: ActionStatus;
      doneOn?: string;
    }[];
  })[];
}

/** On or before `day`; a step without a day (the recording) is on no day. */
const by = (date: string | null | undefined, day: string): boolean => date != null && date <= day;

/**
 * The agreement as it stood on `day`, by the days things took effect (an agreement signed in 2017 and
 * recorded in 2026 was in force in 2018), or null when nothing is known of it then: before both its
 * recording and its first dated step. Its status is the one the last step on or before that day left (the
 * steps' days are in order); before any, it was being negotiated. An action's status is computed for that
 * day by the clock's rule: done if done by then, overdue once its due day had passed, open otherwise.
 */
export function agreementAsOf(state: AgreementState, day: string): AgreementAsOf | null {
  const { record } = state;
  if (record === null) return null;
  const steps = state.lifecycle.filter((entry) => by(entry.date, day));
  if (steps.length === 0 && nairobiDayOf(record.at) > day) return null;
  const step = steps.at(-1) ?? state.lifecycle[0];
  const terms =
    state.terms.filter((t) => t.validFrom === null || t.validFrom <= day).at(-1) ?? state.terms[0];
  return {
    asOf: day,
    agreementId: record.agreementId,
    partnerCountry: record.partnerCountry,
    title: record.title,
    kind: record.kind,
    ...(record.notes ? { notes: record.notes } : {}),
    status: step?.status ?? 'negotiating',
    signedOn: by(state.signedOn, day) ? state.signedOn : null,
    inForceFrom: by(state.inForceFrom, day) ? state.inForceFrom : null,
    reviewDue: step?.reviewDue ?? null,
    expiry: step?.expiry ?? null,
    terms: {
      version: terms?.version ?? 1,
      validFrom: terms?.validFrom ?? null,
      provisions: terms?.provisions ?? [],
      sectors: terms?.sectors ?? [],
    },
    amendments: state.terms.flatMap((t) =>
      t.amendment && by(t.validFrom, day)
        ? [{ number: t.amendment.number, date: t.validFrom ?? day, summary: t.amendment.summary }]
        : [],
    ),
    reviews: state.reviews.filter((r) => r.date <= day),
    meetings: state.meetings
      .filter((m) => m.date <= day)
      .map((m) => ({
        ...m,
        actions: m.actions.map(({ actionId, action, owner, due, doneOn }) => {
          const done = by(doneOn, day);
          const status: ActionStatus = done ? 'done' : due < day ? 'overdue' : 'open';
          return { actionId, action, owner, due, status, ...(done ? { doneOn } : {}) };
        }),
      })),
  };
}
