import { z } from 'zod';
import { defineIntegrationEvent } from './integrationEvent.ts';

/**
 * What the complaints service tells other services. Nothing that identifies the complainant leaves it:
 * sex, age band, country, agency, categories and dates are what oversight and attaché cases need. No free
 * text typed about a complaint either (reasons, referral notes, the remedy's description, the employer's
 * name, the city): it may name the complainant, and only the complaints service can erase it.
 */
const context = 'complaints';
const isoTime = z.iso.datetime({ offset: true });
const severity = z.enum(['critical', 'high', 'normal']);
const complaint = { complaintId: z.string().min(1), at: isoTime };

export const ComplaintLodged = defineIntegrationEvent({
  type: 'ke.nea.complaints.complaint-lodged.v1',
  context,
  description: 'A complaint was lodged (hotline or officer); statistics facts only.',
  schema: z.object({
    ...complaint,
    reference: z.string(),
    channel: z.enum(['hotline', 'nea-officer']),
    sex: z.enum(['female', 'male', 'unspecified']),
    ageBand: z.string(),
    country: z.string().length(2),
    agencyId: z.string().optional(),
    agencyName: z.string().optional(),
    employerCountry: z.string().length(2).optional(),
    categories: z.array(z.string()).min(1),
    indicators: z.array(z.string()),
    severity,
    respondBy: isoTime,
  }),
});

export const ComplaintTriaged = defineIntegrationEvent({
  type: 'ke.nea.complaints.complaint-triaged.v1',
  context,
  description: 'An officer triaged the complaint: categories, forced-labour indicators and severity now.',
  schema: z.object({
    ...complaint,
    categories: z.array(z.string()),
    indicators: z.array(z.string()),
    traffickingSuspected: z.boolean(),
    severity,
  }),
});

export const ComplaintReferred = defineIntegrationEvent({
  type: 'ke.nea.complaints.complaint-referred.v1',
  context,
  description: "Referred to the labour attaché of the worker's country, counter-trafficking or police.",
  schema: z.object({
    ...complaint,
    reference: z.string(),
    to: z.enum(['labour-attache', 'counter-trafficking', 'police']),
    country: z.string().length(2),
    categories: z.array(z.string()),
    severity,
  }),
});

export const ComplaintResolved = defineIntegrationEvent({
  type: 'ke.nea.complaints.complaint-resolved.v1',
  context,
  description: 'Resolved with an outcome and, where there was one, the remedy (e.g. wages recovered).',
  schema: z.object({
    ...complaint,
    outcome: z.string(),
    remedy: z
      .object({
        kind: z.string(),
        amount: z.number().nonnegative().optional(),
        currency: z.string().length(3).optional(),
      })
      .optional(),
  }),
});

export const ComplaintClosed = defineIntegrationEvent({
  type: 'ke.nea.complaints.complaint-closed.v1',
  context,
  description: 'Closed after resolution.',
  schema: z.object(complaint),
});

export const ComplaintReopened = defineIntegrationEvent({
  type: 'ke.nea.complaints.complaint-reopened.v1',
  context,
  description: 'A resolved, closed or withdrawn complaint was reopened.',
  schema: z.object({ ...complaint, respondBy: isoTime }),
});

export const ComplaintWithdrawn = defineIntegrationEvent({
  type: 'ke.nea.complaints.complaint-withdrawn.v1',
  context,
  description: 'The complainant withdrew the complaint.',
  schema: z.object(complaint),
});

export const ComplaintResponseOverdue = defineIntegrationEvent({
  type: 'ke.nea.complaints.complaint-response-overdue.v1',
  context,
  description: 'Nobody took the complaint on before its response deadline (once per breached deadline).',
  schema: z.object({ ...complaint, respondBy: isoTime, severity }),
});

export const ComplainantDataErased = defineIntegrationEvent({
  type: 'ke.nea.complaints.complainant-data-erased.v1',
  context,
  description: "The complainant's personal data was erased (crypto-shredding); consumers drop any copy.",
  schema: z.object(complaint),
});

export const complaintsEvents = [
  ComplaintLodged,
  ComplaintTriaged,
  ComplaintReferred,
  ComplaintResolved,
  ComplaintClosed,
  ComplaintReopened,
  ComplaintWithdrawn,
  ComplaintResponseOverdue,
  ComplainantDataErased,
] as const;
