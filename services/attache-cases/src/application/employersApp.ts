import { hasRole, type KaziUser, NEA_ROLES, type RequestContext } from '@kazi/service-kit';
import type {
  EmployerContact,
  EmployerInput,
  EmployerStatus,
  VettingOutcome,
  VettingRecord,
} from '../domain/index.ts';
import type { CaseFeedQueries, CaseSummary } from '../projections/caseFeedQueries.ts';
import type { EmployerDirectoryQueries, EmployerMatch } from '../projections/employerDirectoryQueries.ts';
import type { EmployerCommands } from './caseCommands.ts';

export interface EmployersAppDeps {
  employers: EmployerCommands;
  directory: EmployerDirectoryQueries;
  feed: CaseFeedQueries;
}

/** GET /employers/:id: the employer, its vetting history and the cases that name it. */
export interface EmployerRecord {
  id: string;
  name: string;
  country: string;
  registrationNumber: string | null;
  contact: EmployerContact | null;
  status: EmployerStatus;
  vettings: VettingRecord[];
  registeredBy: { sub: string; name: string };
  registeredAt: string;
  /** The newest cases naming it (an attaché's: their mission's only), and how many there are. */
  linkedCases: { total: number; items: CaseSummary[] };
  version: number;
}

/** Cases an employer's record lists; the feed (GET /cases?employerId=) pages through all of them. */
const LINKED_CASES = 20;

/**
 * Employers abroad: registered by an attaché, vetted (cleared, flagged, blacklisted) by attachés, and by
 * NEA directors, who may lift a blacklisting alone (the four-eyes rule is the decider's).
 */
export class EmployersApp {
  constructor(private readonly deps: EmployersAppDeps) {}

  async register(
    input: EmployerInput,
    context: RequestContext,
  ): Promise<{ id: string; status: 'unvetted'; version: number }> {
    const id = this.deps.employers.newId();
    const result = await this.deps.employers.handle(
      id,
      {
        type: 'RegisterEmployer',
        employerId: id,
        name: input.name,
        country: input.country,
        ...(input.registrationNumber ? { registrationNumber: input.registrationNumber } : {}),
        ...(input.contact ? { contact: input.contact } : {}),
      },
      context,
    );
    return { id, status: 'unvetted', version: result.version };
  }

  /** A vetting in the caller's capacity: as an NEA director when they are one, else as their mission's attaché. */
  async vet(
    id: string,
    body: { outcome: VettingOutcome; reason: string },
    context: RequestContext,
  ): Promise<{ id: string; status: VettingOutcome; version: number }> {
    const { user } = context;
    const director = hasRole(user, 'nea-director');
    const result = await this.deps.employers.handle(
      id,
      {
        type: 'VetEmployer',
        outcome: body.outcome,
        reason: body.reason,
        role: director ? 'nea-director' : 'labour-attache',
        ...(!director && user.mission ? { mission: user.mission } : {}),
      },
      context,
    );
    return { id, status: body.outcome, version: result.version };
  }

  async get(id: string, user: KaziUser): Promise<EmployerRecord> {
    const { state, version } = await this.deps.employers.existing(id);
    const registered = state.registered;
    if (registered === null) throw new Error(`employer ${id} is not registered`);
    // NEA roles and analysts see every case naming the employer; an attaché their own mission's.
    const everyMission = hasRole(user, ...NEA_ROLES, 'analyst');
    const linkedCases = await this.deps.feed.linkedCases(id, {
      mission: everyMission ? undefined : (user.mission ?? ''),
      limit: LINKED_CASES,
    });
    return {
      id,
      name: registered.name,
      country: registered.country,
      registrationNumber: registered.registrationNumber ?? null,
      contact: registered.contact ?? null,
      status: state.status ?? 'unvetted',
      vettings: state.vettings,
      registeredBy: registered.registeredBy,
      registeredAt: registered.at,
      linkedCases,
      version,
    };
  }

  search(q: string, options: { country?: string | undefined; limit: number }): Promise<EmployerMatch[]> {
    return this.deps.directory.search(q, options);
  }
}
