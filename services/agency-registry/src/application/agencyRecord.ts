import type { AgencyState } from '../domain/agency/index.ts';

/** The full record officers read: the application, flags, vetting checks and licence history. */
export function toAgencyRecord(state: AgencyState) {
  const application = state.application;
  if (!state.id || !state.status || !application) throw new Error('toAgencyRecord needs a recorded agency');
  return {
    id: state.id,
    status: state.status,
    ...application,
    associationMembership: application.associationMembership ?? null,
    flags: state.flags,
    recordedBy: state.recordedBy,
    recordedAt: state.recordedAt ?? '',
    vettingChecks: state.vettingChecks.map((c) => ({ ...c, note: c.note ?? null })),
    licence: state.licence,
    suspension: state.suspension,
    licenceHistory: state.history,
  };
}

export type AgencyRecord = ReturnType<typeof toAgencyRecord>;
