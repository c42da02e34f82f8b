import type { AgencyState } from '../domain/agency/index.ts';
import type { FullAgencyView } from './fullAgencyView.ts';

/**
 * Who reads an agency decides what it holds: NEA's officers and directors decide on the people behind an
 * agency and read the `full` record; anyone else allowed to read (analysts) gets the `analyst` view, which
 * holds no personal data at all. A reader with both kinds of role gets the full record.
 */
export type AgencyViewName = 'full' | 'analyst';

const FULL_VIEW_ROLES: readonly string[] = ['nea-officer', 'nea-director'];

export const agencyViewFor = (roles: readonly string[]): AgencyViewName =>
  roles.some((r) => FULL_VIEW_ROLES.includes(r)) ? 'full' : 'analyst';

/**
 * The analyst's view: the agency as a business, its vetting checks, licence history and how many
 * directors it has. Left out, because they name or single out a person: directors (names, ids,
 * nationalities: a lone foreign director is identified by theirs), which director a flag matched, staff
 * identities (officers' and directors' subs and names: staff are data subjects too, and statistics need
 * no names), free text written by staff (notes, reasons: they may name anyone) and the agency's contact
 * details (phone, e-mail, address: a sole trader's are their own).
 */
export function toAnalystView(state: AgencyState) {
  const application = state.application;
  if (!state.id || !state.status || !application) throw new Error('toAnalystView needs a recorded agency');
  return {
    view: 'analyst' as const,
    id: state.id,
    status: state.status,
    name: application.name,
    registrationNumber: application.registrationNumber,
    kraPin: application.kraPin,
    county: application.county,
    guarantee: {
      kind: application.guarantee.kind,
      issuer: application.guarantee.issuer,
      amountKes: application.guarantee.amountKes,
    },
    associationMembership: application.associationMembership ?? null,
    directorCount: application.directors.length,
    flags: state.flags.map((f) => ({
      kind: f.kind,
      revokedAgencyId: f.revokedAgencyId,
      revokedAgencyName: f.revokedAgencyName,
    })),
    recordedAt: state.recordedAt ?? '',
    vettingChecks: state.vettingChecks.map((c) => ({ check: c.check, outcome: c.outcome, at: c.at })),
    licence: state.licence,
    suspension: state.suspension && {
      ...(state.suspension.until ? { until: state.suspension.until } : {}),
      at: state.suspension.at,
    },
    licenceHistory: state.history.map((h) => ({
      event: h.event,
      at: h.at,
      ...(h.validUntil ? { validUntil: h.validUntil } : {}),
      ...(h.until ? { until: h.until } : {}),
    })),
  };
}

export type AnalystAgencyView = ReturnType<typeof toAnalystView>;
export type AgencyView = FullAgencyView | AnalystAgencyView;
