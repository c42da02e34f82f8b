export * from './agencyName.ts';
export * from './agencyView.ts';
export { type AgencyViewKeys, agencyViewKeys, previousAgencyKey } from './agencyViewKeys.ts';
export { type AgencyCandidate, AgencyView, type KnownAgency } from './agencyViewQueries.ts';
