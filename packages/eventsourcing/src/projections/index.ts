export { applyMessages, type PositionedMessage } from './applyMessages.ts';
export { connectRedis } from './connectRedis.ts';
export { GenerationLoop, type LoopContext } from './generationLoop.ts';
export { type ApplyOutcome, type ModelStore, redisModelStore, type StoreEntry } from './modelStore.ts';
export {
  type CandidateLimits,
  DEFAULT_CANDIDATE_LIMITS,
  indexName,
  matchName,
  type NameIndexKeys,
  type NameMatch,
  nameIndexKeys,
  nameSimilarity,
  nameWords,
  planCandidateReads,
  type WordRead,
  type WordSize,
  wordsToLookUp,
} from './nameIndex.ts';
export {
  checkCommand,
  combineProjections,
  keysOf,
  type Projection,
  type ProjectionKeys,
  type ProjectionLogger,
  partKeys,
  projectionKeys,
  projectionLayout,
  type RedisCommand,
} from './projection.ts';
export {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionState,
  type ProjectionStatus,
  startProjection,
} from './projectionRunner.ts';
export {
  boundedLimit,
  type CursorCodec,
  cursorCodec,
  InvalidCursorError,
  type Page,
  pageOf,
  pipelineResults,
  readHashes,
  readHashesScript,
  readHashFields,
} from './readModel.ts';
export {
  type CommitSource,
  commitSource,
  messageSource,
  type ProjectionSource,
  type SourceContext,
} from './sources.ts';
