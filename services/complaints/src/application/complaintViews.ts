import { z } from 'zod';
import type { AttacheFacts } from './attacheFacts.ts';
import type { ComplaintRecord } from './complaintRecord.ts';

/**
 * What each role sees of one complaint (GET /complaints/:id), in this one place. Who may read at all is
 * access.ts; an analyst or a MoL officer reads no complaint (the queue has no personal data).
 *
 * - `nea` (officers, directors): the full record.
 * - `hotline` (the account that lodged it): what it sent (the complainant, the narrative, location,
 *   agency, employer, categories as lodged), its own follow-ups, the status and a history of status
 *   changes with their dates. Not: officers' notes, the assignee, referrals and their notes, severity,
 *   forced-labour indicators, trafficking suspicion, reasons, deadlines, the resolution.
 * - `attache` (of a mission the complaint was referred to): what it needs to help the worker there: the
 *   complainant's contact, narrative, location, employer, agency, categories and severity, the caller's
 *   follow-ups, and the labour-attaché referral to its mission with its note. Not: other referrals
 *   (police, counter-trafficking), the assignee, officers' notes, indicators, trafficking suspicion,
 *   reasons, deadlines, the resolution, who lodged it.
 * What the attaché-cases service told us (attacheFacts.ts): NEA sees every linked case and the employer
 * flag; the attaché its own mission's cases and the employer flag (attachés vet employers: a complaint about
 * one they flagged is theirs to follow up). The hotline sees only the outcome of each case the attaché
 * closed, what the caller may read with the public status look-up too: not the case, its mission or type
 * (the hotline sees no referral either), and not the employer flag, which is an attaché's assessment
 * matched on a name typed from memory, for an officer to weigh, not a fact to tell a caller.
 * The response schema of each view strips anything not listed, so a field added to the record later stays
 * hidden from a view until it is added there on purpose.
 */
export const COMPLAINT_VIEWS = ['nea', 'attache', 'hotline'] as const;
export type ComplaintView = (typeof COMPLAINT_VIEWS)[number];

const actor = z.object({ sub: z.string(), name: z.string() });
const complainant = z.object({
  fullName: z.string().nullable(),
  phone: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  nationalId: z.string().nullable(),
  passportNumber: z.string().nullable(),
  sex: z.string(),
  ageBand: z.string(),
});
const location = z.object({ country: z.string(), city: z.string().nullable() });
const employer = z.object({ name: z.string().nullable(), country: z.string() }).nullable();
const note = z.object({
  id: z.string(),
  source: z.string(),
  text: z.string().nullable(),
  by: actor,
  at: z.string(),
});
const referral = z.object({
  to: z.string(),
  country: z.string(),
  note: z.string().nullable(),
  by: actor,
  at: z.string(),
});
const linkedCase = z.object({
  caseId: z.string(),
  mission: z.string(),
  caseType: z.string(),
  openedAt: z.string(),
  status: z.enum(['open', 'closed']),
  outcome: z.string().nullable(),
  closedAt: z.string().nullable(),
});
const employerFlag = z
  .object({
    kind: z.enum(['employer-flagged', 'employer-blacklisted']),
    employerId: z.string(),
    employerName: z.string(),
    country: z.string(),
    vettedAt: z.string(),
    score: z.number(),
  })
  .nullable()
  .describe(
    "a flagged or blacklisted employer of the employer's country whose name matches the complaint's (score 0..1); null when none",
  );
/** A status change and its date: nothing about who or why. */
const statusChange = z.object({ event: z.string(), status: z.string(), at: z.string() });
const version = z.number().int();

export const neaComplaintView = z.object({
  view: z.literal('nea'),
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  severity: z.string(),
  categories: z.array(z.string()),
  lodgedCategories: z.array(z.string()),
  indicators: z.array(z.string()),
  traffickingSuspected: z.boolean(),
  personalData: z.enum(['held', 'erased']),
  complainant,
  narrative: z.string().nullable(),
  location,
  agency: z.object({
    agencyId: z.string().nullable(),
    agencyName: z.string().nullable(),
    statusAtLodging: z.string().nullable(),
    candidates: z.array(
      z.object({ agencyId: z.string(), name: z.string(), status: z.string(), score: z.number() }),
    ),
  }),
  flags: z.array(z.object({ kind: z.string(), agencyStatus: z.string().optional() })),
  employer,
  language: z.string(),
  channel: z.string(),
  lodgedBy: actor,
  lodgedAt: z.string(),
  respondBy: z.string().nullable(),
  respondedAt: z.string().nullable(),
  overdue: z.boolean(),
  assignee: z.string().nullable(),
  notes: z.array(note),
  referrals: z.array(referral),
  resolution: z
    .object({
      outcome: z.string(),
      remedy: z
        .object({
          kind: z.string(),
          amount: z.number().optional(),
          currency: z.string().optional(),
          description: z.string().nullable().optional(),
        })
        .nullable(),
      by: actor,
      at: z.string(),
    })
    .nullable(),
  erasure: z.object({ reason: z.string().nullable(), by: actor, at: z.string() }).nullable(),
  history: z.array(
    z.object({
      event: z.string(),
      at: z.string(),
      by: actor.optional(),
      status: z.string(),
      reason: z.string().optional(),
    }),
  ),
  updatedAt: z.string().nullable(),
  attacheCases: z.array(linkedCase).describe("the labour attachés' cases opened from this complaint"),
  employerFlag,
  version,
});

const lodgedAgency = z.object({ agencyId: z.string().nullable(), agencyName: z.string().nullable() });

export const hotlineComplaintView = z.object({
  view: z.literal('hotline'),
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  personalData: z.enum(['held', 'erased']),
  complainant,
  narrative: z.string().nullable(),
  location,
  agency: lodgedAgency,
  employer,
  categories: z.array(z.string()).describe('as lodged'),
  language: z.string(),
  lodgedAt: z.string(),
  notes: z.array(note).describe("the hotline's own follow-ups"),
  history: z.array(statusChange),
  updatedAt: z.string().nullable(),
  attacheOutcomes: z
    .array(z.string())
    .optional()
    .describe(
      'only once a labour attaché closed a case of this complaint: the outcome of each such case, nothing else of it',
    ),
  version,
});

export const attacheComplaintView = z.object({
  view: z.literal('attache'),
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  severity: z.string(),
  categories: z.array(z.string()),
  personalData: z.enum(['held', 'erased']),
  complainant,
  narrative: z.string().nullable(),
  location,
  agency: lodgedAgency,
  employer,
  language: z.string(),
  lodgedAt: z.string(),
  notes: z.array(note).describe("the caller's follow-ups through the hotline"),
  referrals: z.array(referral).describe('the labour-attaché referrals to this mission'),
  history: z.array(statusChange),
  updatedAt: z.string().nullable(),
  attacheCases: z.array(linkedCase).describe("this mission's cases opened from the complaint"),
  employerFlag,
  version,
});

export const complaintViewSchema = z.discriminatedUnion('view', [
  neaComplaintView,
  attacheComplaintView,
  hotlineComplaintView,
]);
export type ComplaintViewOf = z.output<typeof complaintViewSchema>;

type Versioned = ComplaintRecord & AttacheFacts & { version: number };

const statusChanges = (record: Versioned) =>
  record.history.map((h) => ({ event: h.event, status: h.status, at: h.at }));
const callerNotes = (record: Versioned) => record.notes.filter((n) => n.source === 'hotline');

/**
 * The outcomes of the closed cases, in the order the cases were opened, as the hotline and the public
 * status look-up show them: `attacheOutcomes` once there is one, no field before.
 */
export function attacheOutcomesOf(cases: AttacheFacts['attacheCases']): { attacheOutcomes?: string[] } {
  const outcomes = cases.flatMap((c) => (c.status === 'closed' && c.outcome !== null ? [c.outcome] : []));
  return outcomes.length > 0 ? { attacheOutcomes: outcomes } : {};
}

export const complaintViews = {
  nea: (record: Versioned): z.output<typeof neaComplaintView> => ({ view: 'nea', ...record }),

  hotline: (record: Versioned): z.output<typeof hotlineComplaintView> => ({
    view: 'hotline',
    id: record.id,
    reference: record.reference,
    status: record.status,
    personalData: record.personalData,
    complainant: record.complainant,
    narrative: record.narrative,
    location: record.location,
    agency: { agencyId: record.agency.agencyId, agencyName: record.agency.agencyName },
    employer: record.employer,
    categories: record.lodgedCategories,
    language: record.language,
    lodgedAt: record.lodgedAt,
    notes: callerNotes(record),
    history: statusChanges(record),
    updatedAt: record.updatedAt,
    ...attacheOutcomesOf(record.attacheCases),
    version: record.version,
  }),

  attache: (record: Versioned, mission: string): z.output<typeof attacheComplaintView> => ({
    view: 'attache',
    id: record.id,
    reference: record.reference,
    status: record.status,
    severity: record.severity,
    categories: record.categories,
    personalData: record.personalData,
    complainant: record.complainant,
    narrative: record.narrative,
    location: record.location,
    agency: { agencyId: record.agency.agencyId, agencyName: record.agency.agencyName },
    employer: record.employer,
    language: record.language,
    lodgedAt: record.lodgedAt,
    notes: callerNotes(record),
    referrals: record.referrals.filter((r) => r.to === 'labour-attache' && r.country === mission),
    history: statusChanges(record),
    updatedAt: record.updatedAt,
    attacheCases: record.attacheCases.filter((c) => c.mission === mission),
    employerFlag: record.employerFlag,
    version: record.version,
  }),
};
