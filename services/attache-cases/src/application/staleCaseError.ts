import { HttpProblemError } from '@kazi/service-kit';
import type { CaseViewOf } from './caseViews.ts';

/**
 * A change based on a version the case has moved on from (409 `stale-version`). The problem document
 * holds the case as the caller may see it now (`current`), so an attaché's app can merge its change with
 * what happened meanwhile and send it again (with the same updateId: nothing of it was recorded).
 */
export class StaleCaseError extends HttpProblemError {
  constructor(caseId: string, expectedVersion: number, current: CaseViewOf) {
    super(
      409,
      'stale-version',
      `case ${caseId} is at version ${current.version}, the change was based on version ${expectedVersion}: merge it with \`current\` and send it again`,
      { currentVersion: current.version, current },
    );
  }
}
