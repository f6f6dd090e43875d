import { createResource, createSignal } from 'solid-js';
import type { Me } from '../../shared/admin';
import { ApiFailure, api, whenUnauthenticated } from './http';

/**
 * The signed-in staff member: null when signed out. A 401 from any request signs
 * the screens out (and says whether the session had expired).
 */
export function createStaffSession() {
  const [me, { mutate }] = createResource<Me | null>(async () => {
    try {
      return await api<Me>('GET', '/api/v1/auth/me');
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 401) return null;
      throw e;
    }
  });
  const [expired, setExpired] = createSignal(false);
  whenUnauthenticated((wasExpired) => {
    setExpired(wasExpired);
    mutate(null);
  });
  return { me, mutate, expired, setExpired };
}
