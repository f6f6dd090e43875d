/**
 * The app's one pathname router (no router library): the current path as a signal
 * and history moves. The informant screens use it directly; staff screens through
 * client/staff/router.ts, which adds focus on the new screen's heading and link
 * interception.
 */
import { createSignal } from 'solid-js';

const [path, setPath] = createSignal(typeof location === 'undefined' ? '/' : location.pathname);
export { path };

/** Staff screens (admin, coordinator, reader) live under their own paths; the rest is the informant app. */
export function isStaffPath(p: string): boolean {
  return /^\/(admin|setup|coordinator|pictures)(\/|$)/.test(p);
}

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  setPath(location.pathname);
  window.scrollTo(0, 0);
}

if (typeof window !== 'undefined') window.addEventListener('popstate', () => setPath(location.pathname));
