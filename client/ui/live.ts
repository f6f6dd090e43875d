/**
 * A query of the phone's database as a Solid signal: read once, and again whenever a
 * committed write touches one of `stores` – in this tab, another tab or the service
 * worker (client/sync/db.ts announces every write).
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { getDb, onChange, type StoreName } from '../sync/db';

export function createLive<T>(stores: readonly StoreName[], query: () => Promise<T>, initial: T): Accessor<T> {
  const [value, setValue] = createSignal<T>(initial);
  // Reads may finish out of order: only the latest one may set the value.
  let latest = 0;
  const read = () => {
    const n = ++latest;
    query().then(
      (v) => n === latest && setValue(() => v),
      (err) => console.error('live query failed', err),
    );
  };
  read();
  onCleanup(onChange(getDb(), (changed) => changed.some((s) => stores.includes(s as StoreName)) && read()));
  return value;
}
