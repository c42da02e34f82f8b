export * from './agencyName.ts';
export * from './agencyView.ts';
export { type AgencyViewKeys, agencyViewKeys, previousAgencyKey } from './agencyViewKeys.ts';
export { type AgencyCandidate, AgencyView, type KnownAgency } from './agencyViewQueries.ts';
export { type CandidateLimits, DEFAULT_CANDIDATE_LIMITS } from './candidateReads.ts';
