/** Test access to the phone's database (client/sync/db.ts) under fake-indexeddb. */
import { deleteDB } from 'idb';
import { patched, type LagesbildDb, type OutboxRow } from '../../client/sync/db';

/** Close and delete a test database. */
export async function dropDb(db: LagesbildDb): Promise<void> {
  db.close();
  await deleteDB(db.name);
}

/** Change fields of an outbox row directly (as another context's write would). */
export async function updateRow(db: LagesbildDb, id: string, changes: Partial<OutboxRow>): Promise<void> {
  await db.run(['outbox'], 'readwrite', async (tx) => {
    const row = await tx.store.get(id);
    if (row) await tx.store.put(patched(row, changes));
  });
}
