/**
 * Staff navigation on the app's one pathname router (client/ui/router.ts): a move
 * lands keyboard and screen-reader users on the new screen's heading (id="screen-h"),
 * and same-origin links to staff paths are followed without a page load.
 */
import { isStaffPath, navigate, path } from '../ui/router';

export { path };

export function go(to: string, replace = false): void {
  navigate(to, replace);
  queueMicrotask(() => setTimeout(() => document.getElementById('screen-h')?.focus(), 0));
}

/** Same-origin link clicks to staff paths go through the router (modifier keys keep the browser's behaviour). */
export function onLink(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element).closest('a');
  if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
  if (!isStaffPath(a.pathname)) return;
  e.preventDefault();
  go(a.pathname);
}
