import { headers } from '@nats-io/transport-node';
import t from 'tap';
import { decodeEnvelope, encodeEnvelope, InvalidEnvelopeError } from './envelope.ts';
import { catalog, licensedEnvelope } from './testEvents.fixture.ts';

t.test('an envelope survives encoding and decoding unchanged', async (t) => {
  const envelope = licensedEnvelope();
  const encoded = encodeEnvelope(envelope);
  t.same(decodeEnvelope(encoded, catalog), envelope);
});

t.test('CloudEvents attributes travel in headers, the data alone in the body', async (t) => {
  const envelope = licensedEnvelope();
  const { headers: h, data } = encodeEnvelope(envelope);
  t.equal(h.get('ce-specversion'), '1.0');
  t.equal(h.get('ce-id'), envelope.id);
  t.equal(h.get('ce-source'), envelope.source);
  t.equal(h.get('ce-type'), 'ke.nea.agency-registry.agency-licensed.v1');
  t.equal(h.get('ce-subject'), envelope.subject);
  t.equal(h.get('ce-time'), envelope.time);
  t.equal(h.get('ce-datacontenttype'), 'application/json');
  t.equal(h.get('correlation-id'), envelope.correlationId);
  t.equal(h.get('causation-id'), envelope.causationId);
  t.equal(h.get('actor'), 'director-1');
  t.equal(h.get('traceparent'), envelope.traceparent);
  t.same(JSON.parse(new TextDecoder().decode(data)), envelope.data);
});

t.test('optional attributes stay absent when not given', async (t) => {
  const { causationId: _c, traceparent: _t, ...envelope } = licensedEnvelope();
  const decoded = decodeEnvelope(encodeEnvelope(envelope), catalog);
  t.same(decoded, envelope);
  t.notOk('causationId' in decoded);
});

t.test('a payload that breaks its schema is refused, naming the field', async (t) => {
  const envelope = licensedEnvelope();
  const encoded = encodeEnvelope({ ...envelope, data: { ...envelope.data, licenceNumber: 'nope' } });
  const error = catchError(() => decodeEnvelope(encoded, catalog));
  t.type(error, InvalidEnvelopeError);
  t.equal(error?.reason, 'invalid-payload');
  t.match(error?.message, /licenceNumber/);
});

t.test('an event type missing from the catalog is refused', async (t) => {
  const encoded = encodeEnvelope(licensedEnvelope({ type: 'ke.nea.agency-registry.agency-renamed.v1' }));
  t.equal(catchError(() => decodeEnvelope(encoded, catalog))?.reason, 'unknown-type');
});

t.test('a message without CloudEvents headers or with a broken body is refused', async (t) => {
  t.equal(catchError(() => decodeEnvelope({ data: new Uint8Array() }, catalog))?.reason, 'missing-attribute');
  const encoded = encodeEnvelope(licensedEnvelope());
  const broken = { headers: encoded.headers, data: new TextEncoder().encode('{not json') };
  t.equal(catchError(() => decodeEnvelope(broken, catalog))?.reason, 'invalid-json');
  const noId = headers();
  for (const key of encoded.headers.keys()) if (key !== 'ce-id') noId.set(key, encoded.headers.get(key));
  t.match(catchError(() => decodeEnvelope({ headers: noId, data: encoded.data }, catalog))?.message, /ce-id/);
});

function catchError(fn: () => unknown): InvalidEnvelopeError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidEnvelopeError) return error;
    throw error;
  }
  return undefined;
}
