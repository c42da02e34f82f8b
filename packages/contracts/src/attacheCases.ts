import { z } from 'zod';
import { defineIntegrationEvent } from './integrationEvent.ts';

/**
 * What the attaché-cases service tells other services. Nothing that identifies the worker leaves it (name,
 * passport, phone, date of birth, whereabouts, notes): sex, age band and occupation are what statistics and
 * the national indicators need, and the case's facts (type, mission, action, stage, outcome) what oversight
 * and the complaints service need. So the worker's erasure publishes nothing: no consumer holds anything
 * to forget. An employer is a company, not a person: its id and name travel in the clear.
 */
const context = 'attache-cases';
const isoDate = z.iso.date();
const isoTime = z.iso.datetime({ offset: true });
const sex = z.enum(['female', 'male', 'unspecified']);
const caseFacts = { caseId: z.string().min(1), at: isoTime };

export const CaseOpened = defineIntegrationEvent({
  type: 'ke.nea.attache-cases.case-opened.v1',
  context,
  description: "A labour attaché's case was opened in a mission, by an attaché or from a referred complaint.",
  schema: z.object({
    ...caseFacts,
    caseType: z.enum([
      'labour-dispute',
      'legal-assistance',
      'welfare-check',
      'rescue-shelter',
      'repatriation',
      'death-case',
      'employer-vetting',
    ]),
    /** The mission: the country where the worker is. */
    country: z.string().length(2),
    /** Set when the case was opened from a complaint referred to the labour attaché. */
    complaintId: z.string().min(1).optional(),
    sex,
    ageBand: z.string().optional(),
    /** ISCO-08 code. */
    occupation: z.string().optional(),
    employerId: z.string().min(1).optional(),
  }),
});

export const CaseUpdated = defineIntegrationEvent({
  type: 'ke.nea.attache-cases.case-updated.v1',
  context,
  description: 'An attaché recorded an action on a case; the kind of action only, never its note.',
  schema: z.object({
    ...caseFacts,
    action: z.enum([
      'note',
      'employer-contacted',
      'hearing',
      'shelter-admission',
      'shelter-discharge',
      'wages-recovered',
      'lawyer-referral',
      'remains-disposition',
    ]),
  }),
});

export const RepatriationStageChanged = defineIntegrationEvent({
  type: 'ke.nea.attache-cases.repatriation-stage-changed.v1',
  context,
  description:
    'A repatriation reached a stage. On arrival it says whether the return was safe and dignified, with the ' +
    "worker's sex and age band (GCM plan 2023-2027, indicator 30.4.1).",
  schema: z.object({
    ...caseFacts,
    stage: z.enum(['planned', 'documents-ready', 'departed', 'arrived', 'abandoned']),
    /** The day the stage was reached. */
    date: isoDate,
    /** Set on arrival only. */
    safeAndDignified: z.boolean().optional(),
    sex: sex.optional(),
    ageBand: z.string().optional(),
    /** True when the remains of a deceased worker are repatriated (a death case), absent otherwise. */
    remains: z.literal(true).optional(),
  }),
});

export const CaseClosed = defineIntegrationEvent({
  type: 'ke.nea.attache-cases.case-closed.v1',
  context,
  description: 'A case was closed with an outcome; the complaint it came from, if any, can show it.',
  schema: z.object({
    ...caseFacts,
    outcome: z.enum([
      'resolved',
      'partially-resolved',
      'referred-to-court',
      'worker-returned',
      'worker-unreachable',
      'deceased',
    ]),
    complaintId: z.string().min(1).optional(),
  }),
});

export const CaseWorkerDetailsCorrected = defineIntegrationEvent({
  type: 'ke.nea.attache-cases.case-worker-details-corrected.v1',
  context,
  description:
    "The worker's details were recorded after the opening (a referred case's first) or corrected: what " +
    'statistics count of them now. Never the details themselves.',
  schema: z.object({
    ...caseFacts,
    sex,
    /** Absent: the age band was not given with the correction, and the case keeps the one it had. */
    ageBand: z.string().optional(),
    /** ISCO-08 code. Absent: not given with the correction; the case keeps the one it had. */
    occupation: z.string().optional(),
  }),
});

export const EmployerVetted = defineIntegrationEvent({
  type: 'ke.nea.attache-cases.employer-vetted.v1',
  context,
  description:
    'An employer abroad was cleared, flagged or blacklisted (complaints and new cases naming it show it).',
  schema: z.object({
    employerId: z.string().min(1),
    at: isoTime,
    name: z.string().min(1),
    country: z.string().length(2),
    outcome: z.enum(['cleared', 'flagged', 'blacklisted']),
  }),
});

export const attacheCasesEvents = [
  CaseOpened,
  CaseUpdated,
  RepatriationStageChanged,
  CaseClosed,
  CaseWorkerDetailsCorrected,
  EmployerVetted,
] as const;
