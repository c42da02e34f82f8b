export * from './agencyName.ts';
export * from './agencyView.ts';
export { agencyViewKeys } from './agencyViewKeys.ts';
export { type AgencyCandidate, type AgencyRecord, AgencyView } from './agencyViewQueries.ts';
export { type CandidateLimits, DEFAULT_CANDIDATE_LIMITS } from './candidateReads.ts';
