import t from 'tap';
import { updateFingerprinter } from './updateFingerprint.ts';

/** A resend is told from another change by a keyed digest of the request as sent. */
const fingerprint = updateFingerprinter('a-test-secret-of-enough-length');
const note = { action: 'note', note: 'Called the worker.', expectedVersion: 3, updateId: 'u-1' };

t.test('the same request reads the same, whatever its version, updateId or key order', async (t) => {
  const a = fingerprint({ caseId: 'c-1', change: 'updates', body: note });
  t.equal(fingerprint({ caseId: 'c-1', change: 'updates', body: { ...note, expectedVersion: 7 } }), a);
  t.equal(fingerprint({ caseId: 'c-1', change: 'updates', body: { ...note, updateId: 'u-2' } }), a);
  t.equal(
    fingerprint({ caseId: 'c-1', change: 'updates', body: { note: 'Called the worker.', action: 'note' } }),
    a,
  );
  t.equal(fingerprint({ caseId: 'c-1', change: 'updates', body: { ...note, date: undefined } }), a);
});

t.test('another change, another case, another route or another key reads differently', async (t) => {
  const a = fingerprint({ caseId: 'c-1', change: 'updates', body: note });
  t.not(fingerprint({ caseId: 'c-1', change: 'updates', body: { ...note, note: 'Called her.' } }), a);
  t.not(fingerprint({ caseId: 'c-2', change: 'updates', body: note }), a);
  t.not(fingerprint({ caseId: 'c-1', change: 'closure', body: note }), a);
  t.not(
    fingerprint({ caseId: 'c-1', change: 'updates', body: { ...note, date: '2026-03-01' } }),
    a,
    'a date given',
  );
  t.not(
    updateFingerprinter('another-secret-of-enough-length')({ caseId: 'c-1', change: 'updates', body: note }),
    a,
  );
  t.notMatch(a, /Called/, 'nothing readable');
  t.match(a, /^[A-Za-z0-9_-]{32}$/);
});
