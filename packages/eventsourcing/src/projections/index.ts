export type { ProjectionLogger } from './generationLoop.ts';
export {
  checkCommand,
  combineProjections,
  keysOf,
  partKeys,
  type Projection,
  type ProjectionKeys,
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
export { commitSource, messageSource, type ProjectionSource } from './sources.ts';
export { connectRedis } from './connectRedis.ts';
