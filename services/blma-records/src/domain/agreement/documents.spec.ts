import { deciderSpec } from '@kazi/core/specification';
import t from 'tap';
import { agreementDecider } from './index.ts';
import {
  attach,
  attached,
  inForce,
  meetingHeld,
  negotiating,
  signedText,
  terminatedAgreement,
} from './specFixtures.ts';

/** The domain records a document's metadata (its bytes are in the object store): minutes name their meeting. */
const spec = deciderSpec(agreementDecider);
const minutes = {
  ...signedText,
  documentId: 'document-2',
  kind: 'minutes' as const,
  fileName: 'jc-minutes-2026-03-10.pdf',
  sha256: 'b'.repeat(64),
  meetingId: 'meeting-1',
};

t.test('the signed text is attached with its digest, size and uploader', async (t) => {
  spec(t).given(inForce).when(attach()).then([attached()]);
});

t.test('at any point of the agreement’s life: a draft, a termination letter', async (t) => {
  spec(t).given(negotiating).when(attach()).then([attached()], 'negotiating');
  spec(t).given(terminatedAgreement).when(attach()).then([attached()], 'terminated');
});

t.test('minutes name a meeting of the agreement', async (t) => {
  const met = [...inForce, meetingHeld()];
  spec(t)
    .given(met)
    .when(attach(minutes))
    .then([attached(minutes)]);
  const { meetingId: _, ...unnamed } = minutes;
  spec(t)
    .given(met)
    .when(attach(unnamed))
    .thenThrows({
      type: 'minutes-name-their-meeting',
      kind: 'invalid',
      extra: { errors: [{ path: 'meetingId', message: 'is required for minutes' }] },
    });
  spec(t)
    .given(met)
    .when(attach({ ...signedText, meetingId: 'meeting-1' }))
    .thenThrows({
      type: 'minutes-name-their-meeting',
      extra: { errors: [{ path: 'meetingId', message: 'is given only for minutes' }] },
    });
  spec(t)
    .given(inForce)
    .when(attach(minutes))
    .thenThrows({ type: 'unknown-meeting', kind: 'invalid' }, 'no such meeting');
});

t.test('a document id once, the same file once', async (t) => {
  const once = [...inForce, attached()];
  spec(t)
    .given(once)
    .when(attach({ ...signedText, sha256: 'c'.repeat(64) }))
    .thenThrows({ type: 'document-exists', kind: 'conflict' });
  spec(t)
    .given(once)
    .when(attach({ ...signedText, documentId: 'document-3', fileName: 'copy.pdf' }))
    .thenThrows({ type: 'document-already-attached', kind: 'conflict', extra: { documentId: 'document-1' } });
});
