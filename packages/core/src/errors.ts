/**
 * What kind of failure an error is. The domain says what went wrong, never how a protocol spells it:
 * service-kit maps each kind to an HTTP status (problem.ts, statusOfKind).
 * - not-found: the record the command names does not exist;
 * - conflict: a rule refuses the command in the record's current state (it could succeed later);
 * - invalid: the request itself can never succeed (an unknown check, a date in the past);
 * - bad-request: the request cannot even be read (a malformed id);
 * - rate-limited: this caller asked too often; retry after a while;
 * - overloaded: a bounded queue is full; retry later.
 */
export type FailureKind =
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'bad-request'
  | 'rate-limited'
  | 'overloaded';

/**
 * The one error hierarchy of the system. service-kit maps each kind to an RFC 9457 problem.
 * `type` is a stable, rule-naming slug (e.g. "four-eyes-rule"); the HTTP layer turns it into a URI.
 */
export abstract class KaziError extends Error {
  abstract readonly kind: FailureKind;
  constructor(
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A business rule refused the command: a conflict by default, `invalid` when it can never succeed. */
export class DomainError extends KaziError {
  constructor(
    type: string,
    message: string,
    readonly kind: 'conflict' | 'invalid' | 'not-found' = 'conflict',
    extra: Record<string, unknown> = {},
  ) {
    super(type, message, extra);
  }
}

/** The aggregate changed since the version the caller based its decision on. */
export class ConcurrencyError extends KaziError {
  readonly kind = 'conflict';
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
  readonly kind = 'not-found';
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
  readonly kind = 'bad-request';
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
  readonly kind = 'overloaded';
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
