import { EmployerVetted } from '@kazi/contracts';
import { indexName, nameIndexKeys, type ProjectionKeys } from '@kazi/eventsourcing';
import { integrationProjection, onIntegrationEvent } from '@kazi/messaging';
import { employerWordsIn } from './employerName.ts';

/** The projection's name: its keys, checkpoint and dead letters are named by it. */
export const EMPLOYER_VIEW = 'complaints-employer-view';

/**
 * Where the complaints service keeps the employers abroad that attachés vetted: the keys of one generation
 * of the employer view (`<ns>:rm:complaints-employer-view:g<N>:…`), with a name index whose words carry the
 * employer's country (employerWordsIn).
 */
export function employerViewKeys(keys: ProjectionKeys) {
  const index = nameIndexKeys(keys, 'employer');
  return {
    ...index,
    /** Hash: employerId, name, tokens, country, status (the last vetting's outcome), vettedAt and seq. */
    employer: index.entry,
  };
}

export type EmployerViewKeys = ReturnType<typeof employerViewKeys>;

/**
 * The complaints service's view of employers abroad, from the attachés' vettings (the attaché-cases
 * service's integration events). Only a flagged or blacklisted employer is in the name index: a complaint
 * naming one shows it, and a later clearing (a blacklisting lifted) takes it out again. An employer is a
 * company, not a person: its name and country are kept in the clear. Positions are applied in order, once
 * per generation, so the last vetting always wins.
 */
export const employerViewProjection = integrationProjection({
  name: EMPLOYER_VIEW,
  version: 1,
  handlers: [
    onIntegrationEvent(EmployerVetted, (data, { keys, event }) => {
      const view = employerViewKeys(keys);
      const { employerId, name, outcome, at } = data;
      const country = data.country.toUpperCase();
      const hash = view.employer(employerId);
      // A cleared employer is named with no words: out of every word set of its previous name, findable by none.
      const words = outcome === 'cleared' ? [] : employerWordsIn(country, name);
      return [
        ['HSET', hash, 'employerId', employerId, 'country', country, 'status', outcome, 'vettedAt', at],
        ['HSET', hash, 'seq', event.position],
        ...indexName(view, employerId, name, words),
      ];
    }),
  ],
});
