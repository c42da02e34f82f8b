import type { Clock } from '@kazi/core';
import { type AgreementCommand, type ClockCommand, nairobiDayOf } from '../domain/index.ts';
import { dayNumber, type SWEEP_INDEXES } from '../projections/agreementIndex.ts';
import type { AgreementQueries } from '../projections/agreementQueries.ts';
import type { AgreementCommands } from './agreementCommands.ts';

type SweepIndex = keyof typeof SWEEP_INDEXES;

export interface SweepResult {
  /** Agreements the clock expired. */
  expired: number;
  /** Agreements put under review because their review fell due. */
  reviewsDue: number;
  /** Committee actions reported overdue. */
  actionsOverdue: number;
}

/**
 * The clock's rules, run by the module's sweep on every replica: agreements past their last day in force
 * expire, reviews that fell due are flagged, open committee actions past their due day are reported
 * overdue. Candidates come from the read model's sweep indexes; the decider says what is due (each lapse,
 * review day and action once), so a stale candidate or two replicas at once decide nothing twice. The clock
 * goes by the day in Nairobi.
 *
 * Each index is walked `batch` entries per run, resuming where the last run stopped and starting over at
 * its end: entries the decider passes over (the open actions of a terminated agreement, which its
 * termination event cannot name) never hold up those behind them.
 */
export class ClockSweep {
  private readonly resumeAt: Record<SweepIndex, number> = { expiry: 0, review: 0, actions: 0 };

  constructor(
    private readonly commands: AgreementCommands,
    private readonly queries: AgreementQueries,
    private readonly clock: Clock,
    private readonly batch: number,
  ) {}

  async run(): Promise<SweepResult> {
    const now = this.clock.now().toISOString();
    const today = dayNumber(nairobiDayOf(now));
    // Due: from the day after the last day in force, on a review's own day, from the day after an action's.
    const walks: [keyof SweepResult, SweepIndex, number, ClockCommand][] = [
      ['expired', 'expiry', today, { type: 'ExpireAgreement', now }],
      ['reviewsDue', 'review', today, { type: 'FlagReviewDue', now }],
      ['actionsOverdue', 'actions', today - 1, { type: 'FlagOverdueActions', now }],
    ];
    const result: SweepResult = { expired: 0, reviewsDue: 0, actionsOverdue: 0 };
    const failures: unknown[] = [];
    for (const [counted, index, upToDay, command] of walks) {
      // One failing agreement (a store timeout) keeps the clock from no other.
      const walked = await this.walk(index, upToDay, command);
      result[counted] = walked.events;
      failures.push(...walked.failures);
    }
    if (failures.length > 0)
      throw new AggregateError(failures, `the clock sweep failed for ${failures.length} agreement(s)`);
    return result;
  }

  /** One batch of an index's due entries: each agreement among them is asked once. */
  private async walk(
    index: SweepIndex,
    upToDay: number,
    command: ClockCommand,
  ): Promise<{ events: number; failures: unknown[] }> {
    let offset = this.resumeAt[index];
    let { members, total } = await this.queries.dueIn(index, upToDay, offset, this.batch);
    if (members.length === 0 && offset > 0) {
      offset = 0;
      ({ members, total } = await this.queries.dueIn(index, upToDay, offset, this.batch));
    }
    const next = offset + members.length;
    this.resumeAt[index] = next >= total ? 0 : next;
    // Members of the actions index are `<agreement id> <action id>`; the others are agreement ids.
    const ids = new Set(members.map((member) => member.split(' ')[0] ?? member));
    let events = 0;
    const failures: unknown[] = [];
    for (const id of ids) {
      try {
        const result = await this.commands.handleScheduled(id, command as AgreementCommand, {
          job: `blma-${index}`,
          key: command.now,
          now: command.now,
        });
        events += result.events.length;
      } catch (error) {
        failures.push(error);
      }
    }
    return { events, failures };
  }
}
