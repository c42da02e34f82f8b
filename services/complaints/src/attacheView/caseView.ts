import { CaseClosed, CaseOpened } from '@kazi/contracts';
import type { ProjectionKeys } from '@kazi/eventsourcing';
import { integrationProjection, onIntegrationEvent } from '@kazi/messaging';

/** The projection's name: its keys, checkpoint and dead letters are named by it. */
export const ATTACHE_CASE_VIEW = 'complaints-attache-case-view';

/**
 * Where the complaints service keeps the attaché cases opened from its complaints: the keys of one
 * generation of the case view (`<ns>:rm:complaints-attache-case-view:g<N>:…`).
 */
export function caseViewKeys(keys: ProjectionKeys) {
  return {
    /** Hash: caseId, complaintId, mission, caseType, openedAt, status (open|closed), outcome, closedAt. */
    case: (caseId: string) => keys.key('case', caseId),
    /** Sorted set of the complaint's case ids, scored by the position of their opening. */
    complaintCases: (complaintId: string) => keys.key('complaint', complaintId, 'cases'),
  };
}

/**
 * The attaché cases linked to complaints, from the attaché-cases service's integration events: an opening
 * that names a complaint links the case (its id, mission and type) to it; the closure records the outcome
 * and when. Nothing about the worker travels in these events, so nothing here is personal data. Cases not
 * opened from a complaint, actions and repatriation stages are passed over: no complaint shows them.
 * Positions are applied in order, once per generation, so a closure always lands after its opening.
 */
export const caseViewProjection = integrationProjection({
  name: ATTACHE_CASE_VIEW,
  version: 1,
  handlers: [
    onIntegrationEvent(CaseOpened, (data, { keys, event }) => {
      if (data.complaintId === undefined) return [];
      const view = caseViewKeys(keys);
      const hash = view.case(data.caseId);
      return [
        ['HSET', hash, 'caseId', data.caseId, 'complaintId', data.complaintId, 'mission', data.country],
        ['HSET', hash, 'caseType', data.caseType, 'openedAt', data.at],
        ['HSETNX', hash, 'status', 'open'],
        ['ZADD', view.complaintCases(data.complaintId), 'NX', event.position, data.caseId],
      ];
    }),
    // Only a case linked by its opening is shown, so a closure without one writes what the opening would read.
    onIntegrationEvent(CaseClosed, (data, { keys }) => {
      if (data.complaintId === undefined) return [];
      const hash = caseViewKeys(keys).case(data.caseId);
      return [['HSET', hash, 'status', 'closed', 'outcome', data.outcome, 'closedAt', data.at]];
    }),
  ],
});
