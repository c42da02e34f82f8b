import { type DestinationStream, type Logger, pino } from 'pino';
import type { BaseConfig } from './config.ts';

/** Fields that identify a person (Data Protection Act 2019): never written to a log. */
export const PERSONAL_FIELDS = [
  'fullName',
  'complainant',
  'worker',
  'phone',
  'nationalId',
  'passportNumber',
  'dateOfBirth',
  'narrative',
  'email',
  'directors',
  'trackingPin',
  'pin',
] as const;

/** pino paths for each personal field at the top level and up to four levels deep. */
export const REDACT_PATHS: string[] = [
  ...PERSONAL_FIELDS.flatMap((field) => [
    field,
    `*.${field}`,
    `*.*.${field}`,
    `*.*.*.${field}`,
    `*.*.*.*.${field}`,
  ]),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

/** Query parameters whose values are secrets or personal (e.g. the public complaint-status lookup). */
const SECRET_QUERY_PARAMS = new Set(['pin', 'trackingPin', 'phone', 'nationalId', 'passportNumber', 'email']);

/** The request URL as logged: secret query values replaced, so `?pin=1234` never reaches a log. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) if (SECRET_QUERY_PARAMS.has(key)) params.set(key, '[Redacted]');
  return `${url.slice(0, q)}?${params.toString()}`;
}

interface LoggableRequest {
  method?: string;
  url?: string;
  ip?: string;
  routeOptions?: { url?: string };
}

/** What a request log line says about the request: never headers, never the body. */
export const requestSerializer = (req: LoggableRequest) => ({
  method: req.method,
  url: redactUrl(req.url ?? ''),
  route: req.routeOptions?.url,
  remoteAddress: req.ip,
});

export function createLogger(
  config: Pick<BaseConfig, 'LOG_LEVEL'>,
  name: string,
  destination?: DestinationStream,
): Logger {
  const options = {
    name,
    level: config.LOG_LEVEL,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    serializers: { req: requestSerializer, err: pino.stdSerializers.err },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
