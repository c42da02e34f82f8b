export {
  createPool,
  DEFAULT_DATABASE_URL,
  ensureDatabase,
  identifier,
  inTransaction,
  type Pool,
  type PoolClient,
} from './database.ts';
export {
  integrationSqlProjection,
  onEvent,
  type SqlHandler,
} from './integrationEvents.ts';
export {
  MIGRATIONS_DIRECTORY,
  type Migration,
  MigrationChangedError,
  migrate,
  readMigrations,
} from './migrator.ts';
export { type ApplyOutcome, type BatchEntry, PgGenerations } from './pgGenerations.ts';
export { generationSchema, type PgProjection, type SqlStatement } from './pgProjection.ts';
export {
  PgProjectionRunner,
  type PgProjectionRunnerOptions,
  startPgProjection,
} from './pgProjectionRunner.ts';
export { REPORTING, reportingProjection, reportingSource } from './reportingProjection.ts';
export { changeStatus, type IntervalTable } from './statusIntervals.ts';
