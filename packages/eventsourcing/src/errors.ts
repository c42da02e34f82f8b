/**
 * The one error hierarchy of the system. service-kit maps each class to an RFC 9457 problem.
 * `type` is a stable, rule-naming slug (e.g. "four-eyes-rule"); the HTTP layer turns it into a URI.
 */
export abstract class KaziError extends Error {
  abstract readonly status: number;
  constructor(
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A business rule refused the command (409 by default; 422 when the request itself can never succeed). */
export class DomainError extends KaziError {
  constructor(
    type: string,
    message: string,
    readonly status: 409 | 422 = 409,
    extra: Record<string, unknown> = {},
  ) {
    super(type, message, extra);
  }
}

/** The aggregate changed since the version the caller based its decision on. */
export class ConcurrencyError extends KaziError {
  readonly status = 409;
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedVersionLike,
    readonly actual: number | undefined,
  ) {
    super(
      'stale-version',
      `stream ${streamName} is at version ${actual ?? 'unknown'}, expected ${String(expected)}`,
      actual === undefined ? {} : { currentVersion: actual },
    );
  }
}

export class NotFoundError extends KaziError {
  readonly status = 404;
  constructor(what: string, id: string) {
    super('not-found', `${what} ${id} was not found`);
  }
}

type ExpectedVersionLike = number | 'no-stream' | 'any';
