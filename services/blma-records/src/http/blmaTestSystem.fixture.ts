import { NATS_URL } from '@kazi/test-servers';
import { type HttpTestSystem, type Response, startHttpTestSystem } from '@kazi/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { Test } from 'tap';
import { documentBucketOf } from '../application/documentStore.ts';
import { blmaRecordsModule } from '../main.ts';
import { agreementBody, entryIntoForceBody, signatureBody } from '../testing/index.ts';

export type BlmaTestSystem = HttpTestSystem<{ blmaRecords: typeof blmaRecordsModule }> & {
  /** POST /blmas as the Ministry's officer; fails the test unless 201. */
  record(overrides?: Record<string, unknown>): Promise<{ id: string; version: number }>;
  /** Recorded, signed on 2026-01-20 and in force from 2026-02-01 (review 2027-02-01, expiry 2031-01-31). */
  inForce(overrides?: Record<string, unknown>): Promise<{ id: string; version: number }>;
  /** POST as the Ministry's officer. */
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** GET as `token` (the Ministry's officer by default). */
  get(url: string, token?: string): Promise<Response>;
  /** Uploads `bytes` as a document of agreement `id`. */
  upload(
    id: string,
    bytes: Buffer,
    options?: { kind?: string; fileName?: string; mediaType?: string; meetingId?: string; token?: string },
  ): Promise<Response>;
};

/**
 * A host running the BLMA-records module alone, with the clock's sweep left to the test (run it with
 * `system.modules.blmaRecords.sweep()`), a document limit of `maxBytes` (64 KiB by default) and shortcuts
 * for the Ministry officer's calls. The namespace's object store bucket is deleted with the rest.
 */
export async function startBlmaTestSystem(
  t: Test,
  options: { maxBytes?: number; env?: Record<string, string> } = {},
): Promise<BlmaTestSystem> {
  const system = await startHttpTestSystem(t, {
    modules: { blmaRecords: blmaRecordsModule },
    label: 'blma',
    env: {
      BLMA_SWEEP_INTERVAL_MS: '3600000',
      BLMA_DOCUMENT_MAX_BYTES: String(options.maxBytes ?? 65_536),
      ...options.env,
    },
  });
  // cleanupNamespace removes streams named after the namespace and KV buckets; an object store's is OBJ_….
  t.teardown(async () => {
    const nc = await connect({ servers: NATS_URL });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(`OBJ_${documentBucketOf(system.namespace)}`).catch(() => {});
    } finally {
      await nc.close();
    }
  });
  const { call, tokens, expectStatus } = system;
  const post = (url: string, body: unknown = {}, headers: Record<string, string> = {}) =>
    call('POST', url, { token: tokens.mol, body, headers });
  const get = (url: string, token = tokens.mol) => call('GET', url, { token });
  const record = async (overrides: Record<string, unknown> = {}) => {
    const r = await post('/blmas', agreementBody(overrides));
    expectStatus(r, 201, 'record an agreement');
    return { id: r.body.id as string, version: r.body.version as number };
  };
  const inForce = async (overrides: Record<string, unknown> = {}) => {
    const { id } = await record(overrides);
    expectStatus(await post(`/blmas/${id}/signature`, signatureBody(1)), 200, 'sign');
    const r = await post(`/blmas/${id}/entry-into-force`, entryIntoForceBody(2));
    expectStatus(r, 200, 'enter into force');
    return { id, version: r.body.version as number };
  };
  const upload: BlmaTestSystem['upload'] = (id, bytes, o = {}) => {
    const query = new URLSearchParams({
      kind: o.kind ?? 'signed-text',
      fileName: o.fileName ?? 'agreement.pdf',
      ...(o.meetingId ? { meetingId: o.meetingId } : {}),
    });
    return call('POST', `/blmas/${id}/documents?${query}`, {
      token: o.token ?? tokens.mol,
      payload: bytes as unknown as string,
      headers: { 'content-type': o.mediaType ?? 'application/pdf' },
    });
  };
  return { ...system, record, inForce, post, get, upload };
}
