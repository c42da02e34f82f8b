import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { agreementDecider } from './index.ts';
import {
  attach,
  expire,
  flagOverdue,
  flagReviewDue,
  holdMeeting,
  negotiating,
  record,
  recordActionDone,
  recorded,
  sign,
} from './specFixtures.ts';

/** An agreement is recorded once, while it is negotiated; nothing happens to one that was never recorded. */
const spec = deciderSpec(agreementDecider);

t.test('an agreement under negotiation is recorded with its terms as drafted', async (t) => {
  spec(t).given([]).when(record()).then([recorded()]);
});

t.test('notes are optional: where nothing needs saying, nothing is said', async (t) => {
  const { notes: _, ...data } = recorded().data;
  spec(t)
    .given([])
    .when(record({ notes: undefined }))
    .then([{ ...recorded(), data }]);
});

t.test('an agreement with no provisions drafted yet is recorded too', async (t) => {
  spec(t)
    .given([])
    .when(record({ provisions: [] }))
    .then([recorded({ provisions: [] })]);
});

t.test('the same agreement is recorded once', async (t) => {
  spec(t).given(negotiating).when(record()).thenThrows({ type: 'agreement-exists', kind: 'conflict' });
});

t.test('an agreement never recorded is not found by the officers’ commands', async (t) => {
  for (const command of [
    sign(),
    holdMeeting(),
    recordActionDone('meeting-1-action-1', '2026-03-11'),
    attach(),
  ])
    spec(t)
      .given([])
      .when(command)
      .thenThrows({ type: 'agreement-not-found', kind: 'not-found' }, command.type);
});

t.test('the clock’s sweeps racing an agreement that is not there decide nothing', async (t) => {
  const now = '2040-01-01T00:00:00.000Z';
  for (const command of [expire(now), flagReviewDue(now), flagOverdue(now)])
    spec(t).given([]).when(command).thenNothing(command.type);
});
