import type { ComplaintState } from '../domain/complaint/index.ts';
import type { ComplainantPersonalData } from '../domain/complaint/lodging.ts';

export type Opened<T> = { erased: false; value: T } | { erased: true };

/**
 * The full record of one complaint, with the complainant's data opened — or marked erased, while the
 * facts kept for statistics (sex, age band, country, categories, agency, dates, outcome) remain.
 */
export function toComplaintRecord(
  id: string,
  state: ComplaintState,
  personal: Opened<ComplainantPersonalData>,
  notes: Opened<string>[],
) {
  const lodged = state.lodged;
  if (!lodged || !state.status || !state.severity)
    throw new Error('toComplaintRecord needs a lodged complaint');
  const p = personal.erased ? undefined : personal.value;
  return {
    id,
    reference: lodged.reference,
    status: state.status,
    severity: state.severity,
    categories: state.categories,
    indicators: state.indicators,
    traffickingSuspected: state.traffickingSuspected,
    personalData: personal.erased ? ('erased' as const) : ('held' as const),
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
    location: { country: lodged.location.country, city: lodged.location.city ?? null },
    agency: {
      agencyId: lodged.agency.agencyId ?? null,
      agencyName: lodged.agency.agencyName ?? null,
      statusAtLodging: lodged.agency.statusAtLodging ?? null,
      candidates: lodged.agency.candidates,
    },
    flags: lodged.flags,
    employer: lodged.employer ?? null,
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
    notes: state.notes.map((n, i) => {
      const text = notes[i];
      return {
        id: n.noteId,
        source: n.source,
        text: text && !text.erased ? text.value : null,
        by: n.by,
        at: n.at,
      };
    }),
    referrals: state.referrals.map((r) => ({
      to: r.to,
      country: r.country,
      note: r.note ?? null,
      by: r.by,
      at: r.at,
    })),
    resolution: state.resolution && { ...state.resolution, remedy: state.resolution.remedy ?? null },
    erasure: state.erasure,
    history: state.history,
    updatedAt: state.updatedAt,
  };
}

export type ComplaintRecord = ReturnType<typeof toComplaintRecord>;
