import {
  AgreementAmended,
  AgreementExpired,
  AgreementInForce,
  AgreementRecorded,
  AgreementReviewed,
  AgreementSigned,
  AgreementTerminated,
  AgreementUnderReview,
  CommitteeActionDone,
  CommitteeActionOverdue,
  CommitteeMeetingHeld,
} from '@kazi/contracts';
import { onEvent } from './integrationEvents.ts';
import type { SqlStatement } from './pgProjection.ts';
import { changeStatus, type IntervalTable } from './statusIntervals.ts';

/** An agreement's status over the log's time (generationSchema.sql `agreement_status`). */
const agreementStatus: IntervalTable = {
  table: 'agreement_status',
  key: 'agreement_id',
  columns: {
    status: 'text',
    effective_on: 'date',
    amendment: 'integer',
    recommendation: 'text',
    review_due: 'date',
    expiry: 'date',
  },
  // An agreement is a state-to-state record: a step of one whose recording is missing still counts.
  openIfMissing: true,
};

/** A committee action's status (generationSchema.sql `committee_action_status`), opened by its meeting. */
const actionStatus: IntervalTable = {
  table: 'committee_action_status',
  key: 'action_id',
  columns: {
    agreement_id: 'text',
    meeting_id: 'text',
    partner_country: 'text',
    due: 'date',
    status: 'text',
    done_on: 'date',
    was_overdue: 'boolean',
  },
  // Its due day comes with the meeting only: without the meeting there is nothing to change.
  openIfMissing: false,
};

interface Step {
  agreementId: string;
  partnerCountry: string;
  at: string;
  date: string;
}

/**
 * The terms standing on `date` end that day: each row in force with no end is closed in the log's time
 * and a copy ending on `date` opens, so earlier readings of the log still see it open-ended.
 */
function endTerms(step: Step, position: number): SqlStatement {
  return {
    text:
      'WITH ended AS (UPDATE agreement_terms SET valid_to = greatest(valid_from, $2::timestamptz) ' +
      'WHERE agreement_id = $1 AND valid_to IS NULL AND in_force_to IS NULL RETURNING *) ' +
      'INSERT INTO agreement_terms (agreement_id, partner_country, amendment, provision_kinds, sectors, ' +
      'in_force_from, in_force_to, valid_from, position) ' +
      'SELECT agreement_id, partner_country, amendment, provision_kinds, sectors, in_force_from, ' +
      'greatest(in_force_from, $3::date), valid_to, $4 FROM ended',
    values: [step.agreementId, step.at, step.date, position],
  };
}

/** New terms from `date` (entry into force or an amendment): the ones standing end that day. */
function replaceTerms(
  step: Step,
  terms: { amendment: number; provisionKinds: string[]; sectors: { isco: string }[] },
  position: number,
): SqlStatement[] {
  return [
    endTerms(step, position),
    {
      text:
        'INSERT INTO agreement_terms (agreement_id, partner_country, amendment, provision_kinds, sectors, ' +
        'in_force_from, valid_from, position) VALUES ($1, $2, $3, $4::text[], $5::text[], $6, $7, $8)',
      values: [
        step.agreementId,
        step.partnerCountry,
        terms.amendment,
        [...new Set(terms.provisionKinds)],
        [...new Set(terms.sectors.map((sector) => sector.isco))],
        step.date,
        step.at,
        position,
      ],
    },
  ];
}

function status(
  step: { agreementId: string; at: string },
  change: string,
  position: number,
  set: Record<string, unknown>,
): SqlStatement {
  return changeStatus(agreementStatus, { id: step.agreementId, at: step.at, change, position, set });
}

/**
 * The BLMA records' events as facts: the agreement (partner, kind, its days), its status with the day
 * each change took effect, the terms in force as intervals of days, committee meetings and actions. The
 * title, the institutions' and owners' names and every officer's text stay in the BLMA service.
 */
export const blmaHandlers = [
  onEvent(AgreementRecorded, (d, { position }) => [
    {
      text:
        'INSERT INTO agreement (agreement_id, partner_country, kind, recorded_at, position) ' +
        'VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agreement_id) DO NOTHING',
      values: [d.agreementId, d.partnerCountry, d.kind, d.at, position],
    },
    status(d, 'recorded', position, { status: 'negotiating' }),
  ]),
  onEvent(AgreementSigned, (d, { position }) => [
    {
      text: 'UPDATE agreement SET signed_on = $2 WHERE agreement_id = $1',
      values: [d.agreementId, d.date],
    },
    status(d, 'signed', position, { status: 'signed', effective_on: d.date, recommendation: null }),
  ]),
  onEvent(AgreementInForce, (d, { position }) => [
    {
      text: 'UPDATE agreement SET in_force_on = $2, ended_on = NULL WHERE agreement_id = $1',
      values: [d.agreementId, d.date],
    },
    status(d, 'in-force', position, {
      status: 'in-force',
      effective_on: d.date,
      recommendation: null,
      review_due: d.reviewDue ?? null,
      expiry: d.expiry ?? null,
    }),
    ...replaceTerms(d, { amendment: 0, provisionKinds: d.provisionKinds, sectors: d.sectors }, position),
  ]),
  onEvent(AgreementAmended, (d, { position }) => [
    status(d, 'amended', position, {
      status: 'in-force',
      effective_on: d.date,
      amendment: d.amendment,
      recommendation: null,
    }),
    ...replaceTerms(
      d,
      { amendment: d.amendment, provisionKinds: d.provisionKinds, sectors: d.sectors },
      position,
    ),
  ]),
  onEvent(AgreementUnderReview, (d, { position }) => [
    status(d, 'under-review', position, {
      status: 'under-review',
      effective_on: d.date,
      review_due: d.reviewDue,
      recommendation: null,
    }),
  ]),
  onEvent(AgreementReviewed, (d, { position }) => [
    status(d, 'reviewed', position, {
      status: d.status,
      effective_on: d.date,
      recommendation: d.recommendation,
      review_due: d.nextReviewDue ?? null,
      // A renewal moves the last day in force; another recommendation leaves it.
      ...(d.renewedUntil !== undefined ? { expiry: d.renewedUntil } : {}),
    }),
  ]),
  onEvent(AgreementExpired, (d, { position }) => [
    {
      text: 'UPDATE agreement SET ended_on = $2 WHERE agreement_id = $1',
      values: [d.agreementId, d.date],
    },
    status(d, 'expired', position, {
      status: 'expired',
      effective_on: d.date,
      recommendation: null,
      ...(d.expiry !== undefined ? { expiry: d.expiry } : {}),
    }),
    endTerms(d, position),
  ]),
  onEvent(AgreementTerminated, (d, { position }) => [
    {
      text: 'UPDATE agreement SET ended_on = $2 WHERE agreement_id = $1',
      values: [d.agreementId, d.date],
    },
    status(d, 'terminated', position, { status: 'terminated', effective_on: d.date, recommendation: null }),
    endTerms(d, position),
  ]),
  onEvent(CommitteeMeetingHeld, (d, { position }) => [
    {
      text:
        'INSERT INTO committee_meeting (meeting_id, agreement_id, partner_country, held_on, ' +
        'institution_countries, actions, position) VALUES ($1, $2, $3, $4, $5::text[], $6, $7) ' +
        'ON CONFLICT (meeting_id) DO NOTHING',
      values: [
        d.meetingId,
        d.agreementId,
        d.partnerCountry,
        d.date,
        [...new Set(d.institutions.map((institution) => institution.country))].sort(),
        d.actions.length,
        position,
      ],
    },
    {
      // Every action the meeting decided, in one statement.
      text:
        'INSERT INTO committee_action_status (action_id, agreement_id, meeting_id, partner_country, due, ' +
        "status, change, valid_from, position) SELECT a.action_id, $1, $2, $3, a.due, 'open', 'decided', $6, $7 " +
        'FROM unnest($4::text[], $5::date[]) AS a(action_id, due) ' +
        'WHERE NOT EXISTS (SELECT 1 FROM committee_action_status s WHERE s.action_id = a.action_id)',
      values: [
        d.agreementId,
        d.meetingId,
        d.partnerCountry,
        d.actions.map((action) => action.actionId),
        d.actions.map((action) => action.due),
        d.at,
        position,
      ],
    },
  ]),
  onEvent(CommitteeActionOverdue, (d, { position }) => [
    changeStatus(actionStatus, {
      id: d.actionId,
      at: d.at,
      change: 'overdue',
      position,
      set: { status: 'overdue' },
    }),
  ]),
  onEvent(CommitteeActionDone, (d, { position }) => [
    changeStatus(actionStatus, {
      id: d.actionId,
      at: d.at,
      change: 'done',
      position,
      set: { status: 'done', done_on: d.date, was_overdue: d.wasOverdue },
    }),
  ]),
];
