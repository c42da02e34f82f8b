import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { HttpProblemError } from '@kazi/service-kit';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';

/** The bucket of a namespace's agreement documents (a JetStream object store, stream `OBJ_<bucket>`). */
export const documentBucketOf = (namespace: string): string => `${namespace}-blma-documents`;

/** An upload over the size limit: refused with 413, and nothing of it kept. */
export class DocumentTooLargeError extends HttpProblemError {
  constructor(limit: number) {
    super(413, 'document-too-large', `a document may be at most ${limit} bytes`, { limit });
  }
}

export interface StoredDocument {
  sha256: string;
  size: number;
}

/**
 * The bytes of agreements' documents, in JetStream's object store: written as a stream of chunks and made
 * visible by a last metadata message, so an upload that fails or is refused halfway leaves nothing (the
 * library purges the chunks it wrote). The SHA-256 and size the domain records are counted here, on the
 * bytes as they pass.
 */
export class DocumentStore {
  private opening: Promise<ObjectStore> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
  ) {}

  /**
   * The bucket, created on first use: a namespace that never stores a document (a test system, a replica
   * serving reads) leaves no stream behind. A failed attempt is tried again on the next call.
   */
  private bucket(): Promise<ObjectStore> {
    this.opening ??= new Objm(this.nc)
      .create(documentBucketOf(this.namespace), { storage: 'file' })
      .catch((error: unknown) => {
        this.opening = undefined;
        throw error;
      });
    return this.opening;
  }

  /**
   * Stores `body` under `name`, reading it through a byte counter: past `maxBytes` the upload fails with
   * DocumentTooLargeError before anything is made visible.
   */
  async put(name: string, body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredDocument> {
    const hash = createHash('sha256');
    let size = 0;
    const source = body[Symbol.asyncIterator]();
    const counted = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await source.next();
        if (done) return controller.close();
        size += value.byteLength;
        // The rest is left unread (the route closes the connection): reading it would only cost time.
        if (size > maxBytes) return controller.error(new DocumentTooLargeError(maxBytes));
        hash.update(value);
        controller.enqueue(value);
      },
    });
    await (await this.bucket()).put({ name }, counted);
    return { sha256: hash.digest('hex'), size };
  }

  /** The bytes of a stored document as a Node stream, or null when there is none under `name`. */
  async get(name: string): Promise<Readable | null> {
    const found = await (await this.bucket()).get(name);
    if (!found) return null;
    return Readable.fromWeb(found.data as import('node:stream/web').ReadableStream<Uint8Array>);
  }

  /** Removes a document's bytes (a refused attachment); nothing happens when there are none. */
  async delete(name: string): Promise<void> {
    await (await this.bucket()).delete(name);
  }

  /** The number of documents stored (tests). */
  async count(): Promise<number> {
    return (await (await this.bucket()).list()).filter((info) => !info.deleted).length;
  }
}
