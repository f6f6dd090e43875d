import { createResource, createSignal } from 'solid-js';
import type { Me, SessionState } from '../../shared/admin';
import { api, whenUnauthenticated } from './http';

/**
 * The signed-in staff member: null when signed out. A 401 from any request signs
 * the screens out (and says whether the session had expired).
 */
export function createStaffSession() {
  const [expired, setExpired] = createSignal(false);
  const [me, { mutate }] = createResource<Me | null>(async () => {
    const state = await api<SessionState>('GET', '/api/v1/auth/me');
    if (!state.signedIn) {
      setExpired(state.expired === true);
      return null;
    }
    const { signedIn: _, ...who } = state;
    return who;
  });
  whenUnauthenticated((wasExpired) => {
    setExpired(wasExpired);
    mutate(null);
  });
  return { me, mutate, expired, setExpired };
}
