/** Dexie liveQuery as a Solid signal: the screens re-render when IndexedDB changes (any tab, the SW). */
import { liveQuery } from 'dexie';
import { createSignal, onCleanup, type Accessor } from 'solid-js';

export function createLive<T>(query: () => Promise<T>, initial: T): Accessor<T> {
  const [value, setValue] = createSignal<T>(initial);
  const sub = liveQuery(query).subscribe({
    next: (v) => setValue(() => v),
    error: (err) => console.error('liveQuery failed', err),
  });
  onCleanup(() => sub.unsubscribe());
  return value;
}
