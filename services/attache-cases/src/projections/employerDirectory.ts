import {
  indexName,
  nameIndexKeys,
  type Projection,
  type ProjectionKeys,
  type RecordedEvent,
  type RedisCommand,
} from '@kazi/eventsourcing';
import { EMPLOYER_CATEGORY } from '../application/caseCommands.ts';
import { EmployerEventType as E, type EmployerEvent, isEmployerEventType } from '../domain/index.ts';
import { employerNameWords, registrationKeyOf } from './employerName.ts';

export const EMPLOYER_DIRECTORY = 'attache-employer-directory';

const prefix = `${EMPLOYER_CATEGORY}.`;
export const employerIdOf = (streamName: string): string | undefined =>
  streamName.startsWith(prefix) ? streamName.slice(prefix.length) : undefined;

/** Where the directory keeps employers: a name index (nameIndexKeys) and registration numbers. */
export function employerDirectoryKeys(keys: ProjectionKeys) {
  const index = nameIndexKeys(keys, 'employer');
  return {
    ...index,
    /** Hash: employerId, name, tokens, country, status, registrationNumber, registeredAt, updatedAt. */
    employer: index.entry,
    /** The employers registered under a number (letters and digits, lower case), by registration position. */
    registration: (key: string) => keys.key('registration', key),
  };
}

export type EmployerDirectoryKeys = ReturnType<typeof employerDirectoryKeys>;

/**
 * The employers abroad attachés registered, for the ranked name look-up (GET /employers?q=) and the
 * status a look-up shows. An employer is a company, not a data subject: its name and number are in clear.
 * A fixed number of writes per event: the words of one name, or one status.
 */
export const employerDirectoryProjection: Projection<RecordedEvent> = {
  name: EMPLOYER_DIRECTORY,
  version: 1,
  apply(recorded, keys) {
    const id = employerIdOf(recorded.streamName);
    if (!id || !isEmployerEventType(recorded.type)) return [];
    const event = { type: recorded.type, data: recorded.data } as EmployerEvent;
    const directory = employerDirectoryKeys(keys);
    const employer = directory.employer(id);
    switch (event.type) {
      case E.Registered: {
        const d = event.data;
        const number = d.registrationNumber ? registrationKeyOf(d.registrationNumber) : '';
        const commands: RedisCommand[] = [
          ...indexName(directory, id, d.name, employerNameWords(d.name)),
          [
            'HSET',
            employer,
            ...Object.entries({
              employerId: id,
              country: d.country,
              status: 'unvetted',
              registrationNumber: d.registrationNumber ?? '',
              registeredAt: d.at,
              updatedAt: d.at,
            }).flat(),
          ],
        ];
        if (number) commands.push(['ZADD', directory.registration(number), recorded.position, id]);
        return commands;
      }
      case E.Vetted:
        return [['HSET', employer, 'status', event.data.outcome, 'updatedAt', event.data.at]];
      default: {
        const unhandled: never = event;
        void unhandled;
        return [];
      }
    }
  },
};
