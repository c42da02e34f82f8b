import type { ProjectionKeys } from '@kazi/eventsourcing';

/**
 * Where the case feed keeps its read model, in one generation of its projection
 * (`<ns>:rm:attache-case-feed:g<N>:…`). Every index is a sorted set of case ids scored by the position of
 * the case's last change, so it is in the order the delta feed lists cases, and a case changed again moves
 * to the end. No personal data: the summaries hold what statistics may see.
 */
export function caseFeedKeys(keys: ProjectionKeys) {
  const prefix = (name: string) => `${keys.key('feed', name)}:`;
  const missionPrefix = prefix('mission');
  const statusPrefix = prefix('status');
  const complaintPrefix = prefix('complaint');
  const employerPrefix = prefix('employer');
  return {
    /** Hash: the case's summary (caseFeed.ts), its `position` the one it has in every index. */
    summary: (caseId: string) => keys.key('case', caseId),
    /** Every case. */
    all: keys.key('feed', 'all'),
    missionPrefix,
    mission: (country: string) => `${missionPrefix}${country}`,
    statusPrefix,
    status: (status: string) => `${statusPrefix}${status}`,
    complaintPrefix,
    complaint: (complaintId: string) => `${complaintPrefix}${complaintId}`,
    employerPrefix,
    employer: (employerId: string) => `${employerPrefix}${employerId}`,
    /**
     * One entry per case: the position of its last change (caseFeed.ts timeMemberOf), scored by that
     * change's time (ms): where `updatedSince` starts the feed.
     */
    times: keys.key('times'),
    /** The cases naming an employer, scored by the position of their opening (they never move). */
    employerCases: (employerId: string) => keys.key('employer-cases', employerId),
    /** …those in one mission, for the attachés of that mission. */
    employerCasesIn: (employerId: string, country: string) => keys.key('employer-cases', employerId, country),
  };
}

export type CaseFeedKeys = ReturnType<typeof caseFeedKeys>;
