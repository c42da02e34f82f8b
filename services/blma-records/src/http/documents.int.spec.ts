import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { assertProblem, errorPaths } from '@kazi/testing';
import t from 'tap';
import { committeeMeetingBody } from '../testing/index.ts';
import { startBlmaTestSystem } from './blmaTestSystem.fixture.ts';

const LIMIT = 65_536;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A file of `size` bytes that differs from every other one. */
const fileOf = (size: number, seed: string) => {
  const bytes = Buffer.alloc(size, seed);
  bytes.write(`%PDF-1.7 ${seed}`);
  return bytes;
};

t.test('documents in the object store', async (t) => {
  const sys = await startBlmaTestSystem(t, { maxBytes: LIMIT });
  const { call, tokens } = sys;
  const store = sys.system.modules.blmaRecords.documents;

  t.test(
    'an upload is stored with its SHA-256 and size, listed on the agreement, and streamed back',
    async (t) => {
      const { id } = await sys.inForce();
      const bytes = fileOf(300_000 > LIMIT ? 40_000 : LIMIT, 'signed');
      const up = await sys.upload(id, bytes, { fileName: 'Mkataba wa Qatar.pdf' });
      t.equal(up.status, 201, 'stored', { body: up.text });
      t.match(up.body, { id, sha256: sha256(bytes), size: bytes.length, version: 4 });
      t.equal(up.headers.etag, '"4"');

      const agreement = await sys.get(`/blmas/${id}`);
      t.match(agreement.body.documents, [
        {
          documentId: up.body.documentId,
          kind: 'signed-text',
          fileName: 'Mkataba wa Qatar.pdf',
          mediaType: 'application/pdf',
          sha256: sha256(bytes),
          size: bytes.length,
          uploadedBy: { sub: 'mol-1' },
          href: `/blmas/${id}/documents/${up.body.documentId}`,
        },
      ]);

      const download = await sys.system.app.inject({
        method: 'GET',
        url: `/blmas/${id}/documents/${up.body.documentId}`,
        headers: { authorization: `Bearer ${tokens.analyst}` },
      });
      t.equal(download.statusCode, 200);
      t.equal(download.headers['content-type'], 'application/pdf');
      t.equal(Number(download.headers['content-length']), bytes.length);
      t.match(download.headers['content-disposition'], /^attachment; filename="Mkataba wa Qatar.pdf"/);
      t.equal(download.headers.etag, `"sha256-${sha256(bytes)}"`);
      t.ok(download.rawPayload.equals(bytes), 'the bytes come back as they went in');
    },
  );

  t.test('over the limit: 413, and nothing is kept', async (t) => {
    const { id } = await sys.inForce();
    const before = await store.count();
    const declared = await sys.upload(id, fileOf(LIMIT + 1, 'declared'));
    assertProblem(t, declared, 413, 'document-too-large', 'a Content-Length over the limit');
    t.equal(declared.body.limit, LIMIT);

    // Without a length the body is counted as it is read, and the upload stops at the limit.
    let sent = 0;
    const endless = new Readable({
      read() {
        sent += 16_384;
        this.push(sent > 4 * LIMIT ? null : Buffer.alloc(16_384, 'x'));
      },
    });
    const streamed = await sys.system.app.inject({
      method: 'POST',
      url: `/blmas/${id}/documents?kind=signed-text&fileName=scan.pdf`,
      headers: { authorization: `Bearer ${tokens.mol}`, 'content-type': 'application/pdf' },
      payload: endless,
    });
    t.equal(streamed.statusCode, 413, 'a streamed body over the limit');
    t.match(streamed.headers['content-type'], /^application\/problem\+json/);
    t.match(JSON.parse(streamed.body), { type: /document-too-large$/ });

    t.equal(await store.count(), before, 'the object store holds nothing more');
    t.same((await sys.get(`/blmas/${id}`)).body.documents, [], 'the agreement lists no document');
    t.equal((await sys.get(`/blmas/${id}`)).body.version, 3, 'and recorded nothing');
  });

  t.test('refused uploads keep nothing either', async (t) => {
    const { id } = await sys.inForce();
    const before = await store.count();
    const empty = await sys.upload(id, Buffer.alloc(0));
    assertProblem(t, empty, 422, 'document-empty');
    t.same(errorPaths(empty), ['body']);
    const minutes = await sys.upload(id, fileOf(100, 'minutes'), { kind: 'minutes' });
    assertProblem(t, minutes, 422, 'minutes-name-their-meeting');
    t.same(errorPaths(minutes), ['meetingId']);
    const unknownMeeting = await sys.upload(id, fileOf(100, 'minutes'), {
      kind: 'minutes',
      meetingId: 'meeting-4',
    });
    assertProblem(t, unknownMeeting, 422, 'unknown-meeting');
    const html = await sys.upload(id, Buffer.from('<script>'), { mediaType: 'text/html' });
    assertProblem(t, html, 415, 'unsupported-media-type');
    t.same(errorPaths(html), ['headers.content-type']);
    const json = await call('POST', `/blmas/${id}/documents?kind=other&fileName=a.json`, {
      token: tokens.mol,
      body: { pdf: false },
    });
    assertProblem(t, json, 415, 'unsupported-media-type', 'JSON is not a document');
    const path = await sys.upload(id, fileOf(100, 'path'), { fileName: '../../etc/passwd' });
    assertProblem(t, path, 400, 'validation-failed');
    t.same(errorPaths(path), ['query.fileName']);
    const noKind = await call('POST', `/blmas/${id}/documents?fileName=a.pdf`, {
      token: tokens.mol,
      payload: 'x',
      headers: { 'content-type': 'application/pdf' },
    });
    assertProblem(t, noKind, 400, 'validation-failed');
    t.same(errorPaths(noKind), ['query.kind']);
    assertProblem(
      t,
      await sys.upload('00000000-0000-4000-8000-000000000000', fileOf(100, 'nobody')),
      404,
      'not-found',
      'an agreement nobody recorded',
    );

    const first = await sys.upload(id, fileOf(1000, 'twice'));
    t.equal(first.status, 201);
    const twice = await sys.upload(id, fileOf(1000, 'twice'), { fileName: 'copy.pdf' });
    assertProblem(t, twice, 409, 'document-already-attached', 'the same file again');
    t.equal(twice.body.documentId, first.body.documentId, 'the problem names the document holding it');
    const stale = await call('POST', `/blmas/${id}/documents?kind=other&fileName=letter.pdf`, {
      token: tokens.mol,
      payload: 'a letter',
      headers: { 'content-type': 'application/pdf', 'if-match': '"2"' },
    });
    assertProblem(t, stale, 409, undefined, 'a stale If-Match');

    t.equal(await store.count(), before + 1, 'only the accepted file is stored');
    t.equal((await sys.get(`/blmas/${id}`)).body.documents.length, 1);
  });

  t.test("minutes name their meeting; a document of another mission's agreement is refused", async (t) => {
    const { id } = await sys.inForce();
    await sys.post(`/blmas/${id}/committee-meetings`, committeeMeetingBody('2026-02-20'));
    const minutes = await sys.upload(id, fileOf(2000, 'minutes-1'), {
      kind: 'minutes',
      meetingId: 'meeting-1',
      fileName: 'minutes.docx',
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    t.equal(minutes.status, 201, 'minutes of the meeting', { body: minutes.text });
    const url = `/blmas/${id}/documents/${minutes.body.documentId}`;
    const r = await call('GET', url, { token: tokens.attacheQa });
    t.equal(r.status, 200);
    t.equal(
      r.headers['content-type'],
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    assertProblem(t, await call('GET', url, { token: tokens.attache }), 403, 'mission-mismatch');
    assertProblem(
      t,
      await sys.get(`/blmas/${id}/documents/00000000-0000-4000-8000-000000000000`),
      404,
      'document-not-found',
    );
  });
});
