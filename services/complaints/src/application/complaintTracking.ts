import { NotFoundError } from '@kazi/core';
import type { ResponseAtRest } from '@kazi/service-kit';
import type { AttacheCaseView, LinkedCase } from '../attacheView/caseViewQueries.ts';
import type { ComplaintsConfig } from '../config.ts';
import type { ComplaintQueries } from '../projections/queries.ts';
import type { ComplainantSealing } from './complainantSealing.ts';
import type { ComplaintCommands } from './complaintCommands.ts';
import { attacheOutcomesOf } from './complaintViews.ts';
import type { PinFailureCounter } from './pinFailures.ts';
import { verifyNothing, verifyTrackingPin } from './trackingPin.ts';

export interface ComplaintTrackingDeps {
  complaints: ComplaintCommands;
  queries: ComplaintQueries;
  pinFailures: PinFailureCounter;
  sealing: ComplainantSealing;
  attacheCases: AttacheCaseView;
  config: Pick<ComplaintsConfig, 'TRACKING_PIN_HASH_COST'>;
}

/**
 * What a caller follows their complaint with: the public status (reference and tracking PIN) and the PIN
 * in a repeated lodging response.
 */
export class ComplaintTracking {
  private readonly sealing: ComplainantSealing;

  constructor(private readonly deps: ComplaintTrackingDeps) {
    this.sealing = deps.sealing;
  }

  /**
   * The public status look-up: status and date of the last update, and once a labour attaché closed a case
   * of the complaint the outcome of each such case (not the case, its mission or anything else of it);
   * nothing else. An unknown reference and a wrong PIN answer alike, after the same work (a PIN hash either
   * way), and count alike against the reference's allowance of wrong PINs (pinFailures.ts): past it, a 429
   * whatever the PIN.
   */
  async publicStatus(
    reference: string,
    pin: string,
  ): Promise<{ reference: string; status: string; lastUpdated: string; attacheOutcomes?: string[] }> {
    let found: { id: string; status: string; lastUpdated: string } | undefined;
    let linkedCases: Promise<LinkedCase[]> | undefined;
    // Looked up while the attempt is counted (one round trip less), used only once it is: a refused
    // attempt leaves it unread.
    const idLookup = this.deps.queries.idByReference(reference);
    idLookup.catch(() => {});
    const right = await this.deps.pinFailures.guarded(reference, async () => {
      const id = await idLookup;
      const loaded = id ? await this.deps.complaints.load(id) : undefined;
      const lodged = loaded?.state.lodged;
      if (!id || !loaded || !lodged) {
        await verifyNothing(this.deps.config.TRACKING_PIN_HASH_COST);
        return false;
      }
      if (!(await verifyTrackingPin(pin, lodged.trackingPinHash))) return false;
      found = {
        id,
        status: loaded.state.status ?? 'lodged',
        lastUpdated: (loaded.state.updatedAt ?? lodged.at).slice(0, 10),
      };
      // Read only for the right PIN (a wrong one learns nothing, not even how long this read takes),
      // while the attempt is given back.
      linkedCases = this.deps.attacheCases.ofComplaint(id);
      linkedCases.catch(() => {});
      return true;
    });
    if (!right || !found || !linkedCases) throw new NotFoundError('complaint', reference);
    const cases = await linkedCases;
    return { reference, status: found.status, lastUpdated: found.lastUpdated, ...attacheOutcomesOf(cases) };
  }

  /**
   * A lodging's first response is kept for idempotent repeats (24 h at least); its tracking PIN is kept
   * there sealed under the complainant's key, never in the clear, and is gone once their data is erased.
   */
  readonly lodgedResponseAtRest: ResponseAtRest = {
    seal: async (response) => {
      const body = response.body as { id: string; trackingPin: string | null };
      const trackingPin =
        body.trackingPin === null ? null : await this.sealing.seal(body.id, 'trackingPin', body.trackingPin);
      return { ...response, body: { ...body, trackingPin } };
    },
    open: async (response) => {
      const body = response.body as { id: string; trackingPin: string | null };
      const opened =
        body.trackingPin === null
          ? undefined
          : await this.sealing.open<string>(body.id, 'trackingPin', body.trackingPin);
      const held = opened !== undefined && !opened.erased;
      return {
        ...response,
        body: { ...body, trackingPin: held ? opened.value : null, personalData: held ? 'held' : 'erased' },
      };
    },
  };
}
