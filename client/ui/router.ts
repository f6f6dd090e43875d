/** A tiny pathname router: the informant app has three screens; no router library needed. */
import { createSignal } from 'solid-js';

const [path, setPath] = createSignal(typeof location === 'undefined' ? '/' : location.pathname);
export { path };

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  setPath(to);
  window.scrollTo(0, 0);
}

if (typeof window !== 'undefined') window.addEventListener('popstate', () => setPath(location.pathname));
