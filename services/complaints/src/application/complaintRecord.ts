import type { ComplaintState, HistoryEntry } from '../domain/complaint/index.ts';
import type { ComplainantPersonalData } from '../domain/complaint/lodging.ts';
import type { ComplainantSealing, Opened, SealedField } from './complainantSealing.ts';

/** The field a history entry's reason is sealed under, by the event that gave it. */
const REASON_FIELD: Record<string, SealedField> = {
  triaged: 'triage.reason',
  reopened: 'reopening.reason',
  withdrawn: 'withdrawal.reason',
};

/** Every sealed value of one complaint, opened (null: none given, or erased). */
interface OpenedTexts {
  personal: Opened<ComplainantPersonalData>;
  notes: (string | null)[];
  city: string | null;
  employerName: string | null;
  reasons: (string | null)[];
  referralNotes: (string | null)[];
  remedyDescription: string | null;
  erasureReason: string | null;
}

async function openTexts(
  id: string,
  state: ComplaintState,
  sealing: ComplainantSealing,
): Promise<OpenedTexts> {
  const lodged = state.lodged;
  if (!lodged) throw new Error('openTexts needs a lodged complaint');
  const text = sealing.openText.bind(sealing, id);
  const reasonOf = (h: HistoryEntry) => {
    const field = REASON_FIELD[h.event];
    return field ? text(field, h.reason) : Promise.resolve(null);
  };
  const [personal, notes, city, employerName, reasons, referralNotes, remedyDescription, erasureReason] =
    await Promise.all([
      sealing.open<ComplainantPersonalData>(id, 'complainant', lodged.complainant.sealed),
      Promise.all(state.notes.map((n) => text(`note.${n.noteId}`, { sealed: n.sealed }))),
      text('location.city', lodged.location.city),
      text('employer.name', lodged.employer?.name),
      Promise.all(state.history.map(reasonOf)),
      Promise.all(state.referrals.map((r) => text('referral.note', r.note))),
      text('remedy.description', state.resolution?.remedy?.description),
      text('erasure.reason', state.erasure?.reason),
    ]);
  return { personal, notes, city, employerName, reasons, referralNotes, remedyDescription, erasureReason };
}

/**
 * The full record of one complaint (what NEA sees), with the complainant's data and every free text about
 * them opened — or null once erased, while the facts kept for statistics (sex, age band, country,
 * categories, agency, dates, outcome) remain. Other roles see a part of it (complaintViews.ts).
 */
export async function openComplaintRecord(id: string, state: ComplaintState, sealing: ComplainantSealing) {
  const lodged = state.lodged;
  if (!lodged || !state.status || !state.severity)
    throw new Error('a complaint record needs a lodged complaint');
  const texts = await openTexts(id, state, sealing);
  const p = texts.personal.erased ? undefined : texts.personal.value;
  return {
    id,
    reference: lodged.reference,
    status: state.status,
    severity: state.severity,
    categories: state.categories,
    indicators: state.indicators,
    traffickingSuspected: state.traffickingSuspected,
    personalData: texts.personal.erased ? ('erased' as const) : ('held' as const),
    complainant: {
      fullName: p?.fullName ?? null,
      phone: p?.phone ?? null,
      dateOfBirth: p?.dateOfBirth ?? null,
      nationalId: p?.nationalId ?? null,
      passportNumber: p?.passportNumber ?? null,
      sex: lodged.complainant.sex,
      ageBand: lodged.complainant.ageBand,
    },
    narrative: p?.narrative ?? null,
    location: { country: lodged.location.country, city: texts.city },
    agency: {
      agencyId: lodged.agency.agencyId ?? null,
      agencyName: lodged.agency.agencyName ?? null,
      statusAtLodging: lodged.agency.statusAtLodging ?? null,
      candidates: lodged.agency.candidates,
    },
    flags: lodged.flags,
    employer: lodged.employer ? { name: texts.employerName, country: lodged.employer.country } : null,
    /** The categories as lodged: triage may change `categories`, not what the caller reported. */
    lodgedCategories: lodged.categories,
    language: lodged.language,
    channel: lodged.channel,
    lodgedBy: lodged.lodgedBy,
    lodgedAt: lodged.at,
    respondBy: state.respondBy,
    respondedAt: state.respondedAt,
    overdue:
      state.respondBy !== null &&
      state.overdueReported.includes(state.respondBy) &&
      state.respondedAt === null,
    assignee: state.assignee,
    notes: state.notes.map((n, i) => ({
      id: n.noteId,
      source: n.source,
      text: texts.notes[i] ?? null,
      by: n.by,
      at: n.at,
    })),
    referrals: state.referrals.map((r, i) => ({
      to: r.to,
      country: r.country,
      note: texts.referralNotes[i] ?? null,
      by: r.by,
      at: r.at,
    })),
    resolution: state.resolution && {
      outcome: state.resolution.outcome,
      remedy: state.resolution.remedy
        ? {
            kind: state.resolution.remedy.kind,
            ...(state.resolution.remedy.amount !== undefined
              ? { amount: state.resolution.remedy.amount }
              : {}),
            ...(state.resolution.remedy.currency ? { currency: state.resolution.remedy.currency } : {}),
            ...(state.resolution.remedy.description ? { description: texts.remedyDescription } : {}),
          }
        : null,
      by: state.resolution.by,
      at: state.resolution.at,
    },
    erasure: state.erasure && { reason: texts.erasureReason, by: state.erasure.by, at: state.erasure.at },
    history: state.history.map((h, i) => {
      const reason = texts.reasons[i] ?? null;
      return {
        event: h.event,
        at: h.at,
        ...(h.by ? { by: h.by } : {}),
        status: h.status,
        ...(reason !== null ? { reason } : {}),
      };
    }),
    updatedAt: state.updatedAt,
  };
}

export type ComplaintRecord = Awaited<ReturnType<typeof openComplaintRecord>>;
