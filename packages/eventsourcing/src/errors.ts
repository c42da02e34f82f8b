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
    type = 'stale-version',
    message = `stream ${streamName} is at version ${actual ?? 'unknown'}, expected ${String(expected)}`,
  ) {
    super(type, message, actual === undefined ? {} : { currentVersion: actual });
  }
}

/**
 * A caller who named no version lost every attempt to other writers of the same record: nothing of theirs
 * was stale, so the answer is "send it again", not "you read an old version".
 */
export class WriteContentionError extends ConcurrencyError {
  constructor(conflict: ConcurrencyError, attempts: number) {
    super(
      conflict.streamName,
      conflict.expected,
      conflict.actual,
      'write-contention',
      `the record kept changing while this request was recorded (${attempts} attempts); send it again`,
    );
  }
}

export class NotFoundError extends KaziError {
  readonly status = 404;
  constructor(what: string, id: string) {
    super('not-found', `${what} ${id} was not found`);
  }
}

/**
 * A stream name that cannot be stored (it is not `<category>.<id>`, or holds a character a subject or key
 * cannot). Ids reach stream names from requests, so this is the client's error (400), never a 500, and
 * the name itself is not repeated: it is whatever the client sent.
 */
export class InvalidStreamNameError extends KaziError {
  readonly status = 400;
  constructor(readonly problem: string) {
    super('invalid-stream-name', `not a valid record id: ${problem}`);
  }
}

type ExpectedVersionLike = number | 'no-stream' | 'any';

/**
 * A bounded queue of work in progress is full: the request is refused instead of queued, so memory stays
 * bounded under overload (docs/bounded-work.md). HTTP 503 with `Retry-After: retryAfterSeconds`.
 */
export class OverloadedError extends KaziError {
  readonly status = 503;
  constructor(
    /** What is full, e.g. "pending NATS publishes": says which limit to raise, never what was sent. */
    readonly resource: string,
    readonly retryAfterSeconds = 1,
  ) {
    super('overloaded', `the service is busy (${resource} at their limit); retry later`, {
      retryAfterSeconds,
    });
  }
}
