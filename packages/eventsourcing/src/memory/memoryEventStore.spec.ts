import t from 'tap';
import { eventStoreContract } from '../contract/eventStoreContract.ts';
import { MemoryEventStore } from './memoryEventStore.ts';

await eventStoreContract(t, 'memory', async (upcasters) => ({ store: new MemoryEventStore(upcasters) }));
