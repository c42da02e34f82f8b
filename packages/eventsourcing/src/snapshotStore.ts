/**
 * Snapshots of aggregate state, so loading an aggregate does not replay (or, on nats-server 2.9,
 * scan) its whole history. A snapshot is only a cache: it is checked against the stream head and
 * anything after its position is replayed. `schemaVersion` invalidates snapshots when a state shape changes.
 */
export interface Snapshot<State = unknown> {
  state: State;
  version: number;
  position: number;
  schemaVersion: number;
}

export interface SnapshotStore {
  get(streamName: string): Promise<Snapshot | undefined>;
  put(streamName: string, snapshot: Snapshot): Promise<void>;
}

export class MemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, string>();
  async get(streamName: string): Promise<Snapshot | undefined> {
    const raw = this.snapshots.get(streamName);
    return raw === undefined ? undefined : (JSON.parse(raw) as Snapshot);
  }
  async put(streamName: string, snapshot: Snapshot): Promise<void> {
    this.snapshots.set(streamName, JSON.stringify(snapshot));
  }
}
