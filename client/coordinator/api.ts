/** The coordinator screens' HTTP client: same-origin JSON with the session cookie. */
import { t } from './i18n';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly body: Record<string, unknown>,
    readonly retryAfter?: number,
  ) {
    super(serverMessage);
  }
}

let onUnauthenticated: (expired: boolean) => void = () => {};
export function whenUnauthenticated(fn: (expired: boolean) => void): void {
  onUnauthenticated = fn;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiFailure(0, 'network', t('err_network'), {});
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return data as T;
  const code = typeof data.code === 'string' ? data.code : 'other';
  const failure = new ApiFailure(res.status, code, typeof data.error === 'string' ? data.error : res.statusText, data, Number(res.headers.get('retry-after')) || undefined);
  if (res.status === 401 && !path.endsWith('/auth/login') && !path.endsWith('/auth/me')) onUnauthenticated(code === 'session_expired');
  throw failure;
}

export function describe(e: unknown): string {
  if (!(e instanceof ApiFailure)) return t('err_other', { detail: String(e) });
  switch (e.code) {
    case 'network':
      return t('err_network');
    case 'invalid_credentials':
      return t('err_invalid_credentials');
    case 'too_many_attempts':
      return t('err_too_many_attempts', { minutes: Math.max(1, Math.ceil((e.retryAfter ?? 900) / 60)) });
    case 'forbidden':
      return t('err_forbidden');
    case 'not_found':
      return t('err_not_found');
    default:
      return t('err_other', { detail: e.serverMessage });
  }
}
