/**
 * The one lazily loaded entry of every staff screen (client/main.tsx imports only
 * this), so the informant bundle carries a single dynamic import for all of them:
 *   /coordinator/*, /pictures/*  → CoordinatorApp (coordinators and readers)
 *   /admin/*, /setup/<code>      → AdminApp
 */
import { lazy, type JSX } from 'solid-js';

const AdminApp = lazy(() => import('../admin/AdminApp'));
const CoordinatorApp = lazy(() => import('./CoordinatorApp'));

export default function StaffApp(): JSX.Element {
  return /^\/(coordinator|pictures)(\/|$)/.test(location.pathname) ? <CoordinatorApp /> : <AdminApp />;
}
