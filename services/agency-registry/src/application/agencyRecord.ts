import type { Opened } from '@kazi/personal-data';
import type { AgencyState, DirectorPersonalData } from '../domain/agency/index.ts';
import { directorIds } from './directorFingerprint.ts';

/**
 * The full record officers read: the application, flags, vetting checks and licence history. Directors
 * come opened (`directors[i]` opens `state.application.directors[i]`). A director whose key was destroyed
 * shows as erased, and keeps only their nationality. A flag names the matching director and the id that
 * matched, found again by its fingerprint.
 */
export function toAgencyRecord(
  state: AgencyState,
  directors: Opened<DirectorPersonalData>[],
  fingerprint: (directorId: string) => string,
) {
  const application = state.application;
  if (!state.id || !state.status || !application) throw new Error('toAgencyRecord needs a recorded agency');
  const personal = (i: number) => {
    const opened = directors[i];
    return opened && !opened.erased ? opened.value : undefined;
  };
  return {
    id: state.id,
    status: state.status,
    ...application,
    directors: application.directors.map((d, i) => {
      const p = personal(i);
      return {
        fullName: p?.fullName ?? null,
        nationalId: p?.nationalId ?? null,
        passportNumber: p?.passportNumber ?? null,
        nationality: d.nationality,
        erased: p === undefined,
      };
    }),
    associationMembership: application.associationMembership ?? null,
    flags: state.flags.map((f) => {
      const p = personal(f.directorIndex);
      return {
        kind: f.kind,
        revokedAgencyId: f.revokedAgencyId,
        revokedAgencyName: f.revokedAgencyName,
        directorIndex: f.directorIndex,
        director: (p && directorIds(p).find((id) => fingerprint(id) === f.fingerprint)) ?? null,
      };
    }),
    recordedBy: state.recordedBy,
    recordedAt: state.recordedAt ?? '',
    vettingChecks: state.vettingChecks.map((c) => ({ ...c, note: c.note ?? null })),
    licence: state.licence,
    suspension: state.suspension,
    licenceHistory: state.history,
  };
}

export type AgencyRecord = ReturnType<typeof toAgencyRecord>;
