/**
 * The door to the staff client: client/main.tsx lazy-loads this module, which needs
 * nothing but Solid, so the informant entry carries no preload list or CSS loader for
 * the staff chunks; the shell (StaffApp) and its sections load from here.
 */
import { lazy } from 'solid-js';

export default lazy(() => import('./StaffApp'));
