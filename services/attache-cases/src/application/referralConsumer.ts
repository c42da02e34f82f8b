import {
  ComplainantDataErased,
  ComplaintLodged,
  ComplaintReferred,
  complaintsEvents,
  IntegrationEventCatalog,
  type IntegrationEventData,
} from '@kazi/contracts';
import { ConcurrencyError } from '@kazi/core';
import type { ConsumerDeclaration } from '@kazi/host';
import type { Delivery, Envelope } from '@kazi/messaging';
import type { RequestContext } from '@kazi/service-kit';
import { caseTypeOfReferral } from '../domain/index.ts';
import type { CaseCommands } from './caseCommands.ts';
import type { ComplaintFacts } from './complaintFacts.ts';
import { workerSubjectOf } from './workerSealing.ts';

/** The durable consumer every replica shares: one per purpose. */
export const REFERRAL_CONSUMER = 'attache-cases-complaint-referrals';

/**
 * The case a complaint referred to a mission opens: one per complaint and mission, whoever hears the
 * referral and however often (complaint ids are the complaints service's UUIDs, so the id is a valid one).
 */
export const referralCaseIdOf = (complaintId: string, country: string): string =>
  `referral-${complaintId}-${country}`;

/**
 * Deliveries of a referral that wait for its complaint's lodging to be heard: replicas share the
 * consumer, so the lodging may still be in another replica's hands. After that, the case opens without
 * the worker's sex and age band (unspecified) rather than not at all.
 */
const WAIT_FOR_LODGING = 3;

/** Who opens a referred case: the service itself (its events record it as the actor). */
const referralContext = (envelope: Envelope): RequestContext => ({
  user: { sub: 'attache-cases', name: 'complaint referral', roles: [] },
  correlationId: envelope.correlationId,
  requestId: envelope.id,
});

/**
 * The complaints service's integration events, as attaché cases react to them: a lodging's statistics
 * facts are kept (ComplaintFacts), a complaint referred to the labour attaché opens a case in the mission
 * of its country, linked to the complaint, exactly once, and an erasure drops the facts kept.
 */
export function complaintReferralsConsumer(deps: {
  cases: CaseCommands;
  facts: ComplaintFacts;
}): ConsumerDeclaration {
  const { cases, facts } = deps;

  const openCase = async (
    referral: IntegrationEventData<typeof ComplaintReferred>,
    envelope: Envelope,
    delivery: Delivery,
  ): Promise<void> => {
    const lodged = await facts.get(referral.complaintId);
    if (lodged === undefined && delivery.deliveries < WAIT_FOR_LODGING)
      throw new Error(`the lodging of complaint ${referral.complaintId} was not heard yet`);
    const caseId = referralCaseIdOf(referral.complaintId, referral.country);
    try {
      await cases.handle(
        caseId,
        {
          type: 'OpenCase',
          caseId,
          caseType: caseTypeOfReferral(referral.categories),
          country: referral.country,
          complaintId: referral.complaintId,
          worker: {
            subjectId: workerSubjectOf(caseId),
            sex: lodged?.sex ?? 'unspecified',
            ...(lodged?.ageBand ? { ageBand: lodged.ageBand } : {}),
          },
        },
        referralContext(envelope),
        // Opened when the complaint was referred, not when this consumer got to it: a consumer that lags
        // (or a replay) must not move the case, or oversight's "cases opened" as of a date, later.
        { now: new Date(referral.at).toISOString() },
      );
    } catch (error) {
      // The stream is written already: an earlier delivery, or another replica, opened the case.
      if (error instanceof ConcurrencyError) return;
      throw error;
    }
  };

  return {
    name: REFERRAL_CONSUMER,
    from: 'complaints',
    catalog: new IntegrationEventCatalog(complaintsEvents),
    async handle(envelope, delivery) {
      switch (envelope.type) {
        case ComplaintLodged.type: {
          const d = envelope.data as IntegrationEventData<typeof ComplaintLodged>;
          await facts.remember(d.complaintId, { sex: d.sex, ageBand: d.ageBand, country: d.country });
          return;
        }
        case ComplaintReferred.type: {
          const d = envelope.data as IntegrationEventData<typeof ComplaintReferred>;
          if (d.to === 'labour-attache') await openCase(d, envelope, delivery);
          return;
        }
        case ComplainantDataErased.type:
          await facts.forget(
            (envelope.data as IntegrationEventData<typeof ComplainantDataErased>).complaintId,
          );
          return;
        default:
          return;
      }
    },
  };
}
