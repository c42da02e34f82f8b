/** An in-memory stand-in for Redis that applies the complaint queue's commands, for pure specs. */
import { keysOf, projectionLayout, type RecordedEvent } from '@kazi/eventsourcing';
import { ComplaintEventType as E } from '../domain/complaint/events.ts';
import { OPEN_STATUSES, SEVERITIES } from '../domain/complaint/vocabulary.ts';
import { complaintQueueProjection, statusOf } from './complaintQueue.ts';

/** Keys of generation 1 in namespace `ns`. */
export const keys = keysOf(projectionLayout('ns', complaintQueueProjection.name), 1);
export const by = { sub: 'officer-1', name: 'Achieng' };
let position = 0;
/** A complaint event as the commit source delivers it, at the next position. */
export const recorded = (type: string, data: Record<string, unknown>, id = 'c1'): RecordedEvent =>
  ({
    type,
    data,
    streamName: `complaint.${id}`,
    position: ++position,
    streamVersion: position,
    id: `e${position}`,
    metadata: {},
  }) as unknown as RecordedEvent;

export const lodged = (id = 'c1', severity = 'high', respondBy = '2026-03-04T08:00:00.000Z') =>
  recorded(
    E.Lodged,
    {
      complaintId: id,
      reference: 'NEA-2026-000001',
      channel: 'hotline',
      lodgedBy: { sub: 'hotline-1', name: 'Hotline' },
      complainant: { sex: 'female', ageBand: '25-34', subjectId: `complainant:${id}`, sealed: 'pd1.x.y' },
      location: { country: 'SA' },
      agency: { agencyId: 'a1', candidates: [] },
      flags: [],
      categories: ['withheld-wages'],
      indicators: ['withholding-of-wages'],
      severity,
      language: 'sw',
      trackingPinHash: 'scrypt$10$a$b',
      respondBy,
      at: '2026-03-01T08:00:00.000Z',
    },
    id,
  );

/** Applies the projection's commands to a tiny in-memory Redis model (hashes, sets, sorted sets). */
export function replay(events: RecordedEvent[]) {
  const hashes = new Map<string, Record<string, string>>();
  const zsets = new Map<string, Map<string, number>>();
  const sets = new Map<string, Set<string>>();
  const strings = new Map<string, string>();
  const zadd = (key: string, score: number, member: string, onlyExisting = false) => {
    const z = zsets.get(key) ?? new Map<string, number>();
    if (!onlyExisting || z.has(member)) z.set(member, score);
    zsets.set(key, z);
  };
  for (const event of events) {
    for (const [command, key, ...args] of complaintQueueProjection.apply(event, keys)) {
      const k = String(key);
      switch (command) {
        case 'HSET': {
          const h = hashes.get(k) ?? {};
          for (let i = 0; i < args.length; i += 2) h[String(args[i])] = String(args[i + 1]);
          hashes.set(k, h);
          break;
        }
        case 'ZADD': {
          const xx = args[0] === 'XX';
          const [score, member] = xx ? args.slice(1) : args;
          zadd(k, Number(score), String(member), xx);
          break;
        }
        case 'ZADDSCOREOF': {
          const [from, member] = args.map(String);
          const score = zsets.get(String(from))?.get(String(member));
          if (score !== undefined) zadd(k, score, String(member));
          break;
        }
        case 'ZADDKEYFIELD': {
          const [hash, field, score, member] = args.map(String);
          const value = hashes.get(String(hash))?.[String(field)];
          if (value) zadd(`${k}${value}`, Number(score), String(member));
          break;
        }
        case 'ZREMKEYWORDS': {
          const [hash, field, member] = args.map(String);
          const words = (hashes.get(String(hash))?.[String(field)] ?? '').split(' ').filter(Boolean);
          for (const word of words) zsets.get(`${k}${word}`)?.delete(String(member));
          break;
        }
        case 'ZREM':
          zsets.get(k)?.delete(String(args[0]));
          break;
        case 'SADD':
          sets.set(k, (sets.get(k) ?? new Set()).add(String(args[0])));
          break;
        case 'SET':
          strings.set(k, String(args[0]));
          break;
        default:
          throw new Error(`unexpected ${command}`);
      }
    }
  }
  return { hashes, zsets, sets, strings, summary: (id = 'c1') => hashes.get(keys.key('c', id)) ?? {} };
}

const HOUR = 3_600_000;
const deadline = (hours: number) =>
  new Date(Date.parse('2026-03-01T08:00:00.000Z') + hours * HOUR).toISOString();
const at = '2026-03-02T08:00:00.000Z';
export const severityAt = (n: number) => SEVERITIES[n % SEVERITIES.length] ?? 'normal';

/** Events of one complaint; `n` varies severity, deadline, agency and country deterministically. */
export const events = {
  lodged: (id: string, n: number) => {
    const event = lodged(id, severityAt(n), deadline(n));
    const data = event.data as Record<string, unknown>;
    return {
      ...event,
      data: {
        ...data,
        agency: n % 3 === 0 ? {} : { agencyId: `a${n % 2}` },
        location: { country: n % 2 ? 'SA' : 'QA' },
      },
    } as RecordedEvent;
  },
  triaged: (id: string, n: number) =>
    recorded(
      E.Triaged,
      {
        categories: [],
        indicators: [],
        severity: severityAt(n),
        previousSeverity: 'high',
        respondBy: deadline(n),
        by,
        at,
      },
      id,
    ),
  assigned: (id: string) => recorded(E.Assigned, { assignee: 'officer-2', by, at }, id),
  referred: (id: string) =>
    recorded(
      E.Referred,
      { reference: 'r', categories: [], severity: 'high', to: 'police', country: 'SA', by, at },
      id,
    ),
  resolved: (id: string) => recorded(E.Resolved, { outcome: 'not-substantiated', by, at }, id),
  closed: (id: string) => recorded(E.Closed, { by, at }, id),
  withdrawn: (id: string) => recorded(E.Withdrawn, { by, at }, id),
  reopened: (id: string, n: number) =>
    recorded(E.Reopened, { severity: severityAt(n), respondBy: deadline(n + 100), by, at }, id),
};

type Move = keyof typeof events;
/** What may happen next to a complaint with this status (the decider's rules, as the projection sees them). */
export function legalMoves(status: string): Move[] {
  if ((OPEN_STATUSES as readonly string[]).includes(status))
    return ['triaged', 'assigned', 'referred', 'resolved', 'withdrawn'];
  if (status === 'resolved') return ['closed', 'reopened'];
  if (status === 'closed') return ['reopened'];
  return [];
}

/** A deterministic pseudo-random walk of legal events over a few complaints. */
export function walk(seed: number, complaints: number, steps: number): RecordedEvent[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state;
  };
  const ids = Array.from({ length: complaints }, (_, i) => `c${i}`);
  const log: RecordedEvent[] = ids.map((id, i) => events.lodged(id, i));
  const own = new Map(log.map((event, i) => [ids[i], [event]]));
  for (let i = 0; i < steps; i++) {
    const id = ids[next() % ids.length] ?? 'c0';
    const history = own.get(id) ?? [];
    const moves = legalMoves(statusOf(replay(history).summary(id)));
    const move = moves[next() % Math.max(1, moves.length)];
    if (!move) continue;
    const event = events[move](id, next() % 1000);
    log.push(event);
    history.push(event);
  }
  return log;
}
