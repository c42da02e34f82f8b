import { z } from 'zod';
import { defineIntegrationEvent } from './integrationEvent.ts';

/**
 * What the BLMA-records service tells other services about Kenya's bilateral labour migration agreements.
 * Oversight joins them with complaints, cases and repatriations in the partner country, so every event
 * names the agreement and the partner country; those that change what is in force say which kinds of
 * provision and which sectors (ISCO-08) are covered. No personal data: committee attendees and action
 * owners are institutions. No free text either (notes, summaries, findings, reasons, the actions' wording):
 * whoever needs it reads the agreement.
 */
const context = 'blma-records';
const isoDate = z.iso.date();
const isoTime = z.iso.datetime({ offset: true });
const agreement = { agreementId: z.string().min(1), partnerCountry: z.string().length(2), at: isoTime };
const provisionKinds = z.array(
  z.enum([
    'passport-retention-prohibited',
    'wage-protection',
    'maximum-hours',
    'rest-days',
    'medical-cover',
    'contract-attestation',
    'recruitment-fees',
    'dispute-resolution',
    'repatriation',
    'joint-committee',
    'other',
  ]),
);
/** ISCO-08 codes with their labels: a group's code covers a sector, a unit group's one occupation. */
const sectors = z.array(z.object({ isco: z.string().regex(/^\d{1,4}$/), label: z.string() }));
const status = z.enum(['negotiating', 'signed', 'in-force', 'under-review', 'expired', 'terminated']);
const committee = { meetingId: z.string().min(1) };

export const AgreementRecorded = defineIntegrationEvent({
  type: 'ke.nea.blma-records.agreement-recorded.v1',
  context,
  description:
    'An agreement under negotiation was recorded: its partner, kind, sectors and drafted provisions.',
  schema: z.object({
    ...agreement,
    title: z.string(),
    kind: z.enum(['bilateral-labour-agreement', 'mou', 'partnership']),
    sectors,
    provisionKinds,
  }),
});

export const AgreementSigned = defineIntegrationEvent({
  type: 'ke.nea.blma-records.agreement-signed.v1',
  context,
  description: 'The agreement was signed on `date`.',
  schema: z.object({ ...agreement, date: isoDate }),
});

export const AgreementInForce = defineIntegrationEvent({
  type: 'ke.nea.blma-records.agreement-in-force.v1',
  context,
  description: 'The agreement entered into force on `date`, with the provisions and sectors it covers.',
  schema: z.object({
    ...agreement,
    date: isoDate,
    reviewDue: isoDate.optional(),
    /** The last day in force. */
    expiry: isoDate.optional(),
    provisionKinds,
    sectors,
  }),
});

export const AgreementAmended = defineIntegrationEvent({
  type: 'ke.nea.blma-records.agreement-amended.v1',
  context,
  description:
    'The agreement was amended from `date`: the provisions and sectors in force since then (the whole terms).',
  schema: z.object({
    ...agreement,
    /** 1 for the first amendment. */
    amendment: z.number().int().positive(),
    date: isoDate,
    provisionKinds,
    sectors,
  }),
});

export const AgreementUnderReview = defineIntegrationEvent({
  type: 'ke.nea.blma-records.agreement-under-review.v1',
  context,
  description: 'A review of the agreement fell due (the clock flags it once per due day).',
  schema: z.object({ ...agreement, reviewDue: isoDate, date: isoDate }),
});

export const AgreementReviewed = defineIntegrationEvent({
  type: 'ke.nea.blma-records.agreement-reviewed.v1',
  context,
  description:
    'A review was recorded with its recommendation; renewing returns the agreement to in-force, ' +
    'amending or terminating keeps it under review until that is done.',
  schema: z.object({
    ...agreement,
    date: isoDate,
    recommendation: z.enum(['renew', 'amend', 'terminate']),
    status: status.extract(['in-force', 'under-review']),
    nextReviewDue: isoDate.optional(),
    renewedUntil: isoDate.optional(),
  }),
});

export const AgreementExpired = defineIntegrationEvent({
  type: 'ke.nea.blma-records.agreement-expired.v1',
  context,
  description:
    'The agreement expired: `date` is its first day no longer in force (by the clock or an officer).',
  schema: z.object({
    ...agreement,
    date: isoDate,
    expiry: isoDate.optional(),
    cause: z.enum(['clock', 'officer']),
  }),
});

export const AgreementTerminated = defineIntegrationEvent({
  type: 'ke.nea.blma-records.agreement-terminated.v1',
  context,
  description: 'The agreement was terminated on `date` (final); negotiations broken off end the same way.',
  schema: z.object({ ...agreement, date: isoDate, previousStatus: status }),
});

export const CommitteeMeetingHeld = defineIntegrationEvent({
  type: 'ke.nea.blma-records.committee-meeting-held.v1',
  context,
  description: "The agreement's joint committee met: the institutions present and the actions decided.",
  schema: z.object({
    ...agreement,
    ...committee,
    date: isoDate,
    institutions: z.array(z.object({ institution: z.string(), country: z.string().length(2) })),
    actions: z.array(z.object({ actionId: z.string().min(1), owner: z.string(), due: isoDate })),
  }),
});

export const CommitteeActionOverdue = defineIntegrationEvent({
  type: 'ke.nea.blma-records.committee-action-overdue.v1',
  context,
  description: "A joint committee's action passed its due day undone (reported once per action).",
  schema: z.object({
    ...agreement,
    ...committee,
    actionId: z.string().min(1),
    owner: z.string(),
    due: isoDate,
  }),
});

export const CommitteeActionDone = defineIntegrationEvent({
  type: 'ke.nea.blma-records.committee-action-done.v1',
  context,
  description:
    "A joint committee's action was done on `date`; `wasOverdue` when it had been reported overdue.",
  schema: z.object({
    ...agreement,
    ...committee,
    actionId: z.string().min(1),
    date: isoDate,
    wasOverdue: z.boolean(),
  }),
});

export const blmaRecordsEvents = [
  AgreementRecorded,
  AgreementSigned,
  AgreementInForce,
  AgreementAmended,
  AgreementUnderReview,
  AgreementReviewed,
  AgreementExpired,
  AgreementTerminated,
  CommitteeMeetingHeld,
  CommitteeActionOverdue,
  CommitteeActionDone,
] as const;
