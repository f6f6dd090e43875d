/**
 * The staff screens' HTTP client: same-origin JSON with the session cookie. A refusal
 * becomes an ApiFailure; errors.ts turns it into a sentence in the user's language.
 */
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

/** Called when a request finds the session gone (401), so the shell can show the log-in. */
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
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  } catch {
    throw new ApiFailure(0, 'network', 'The server could not be reached.', {});
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return data as T;
  const code = typeof data.code === 'string' ? data.code : 'other';
  const failure = new ApiFailure(res.status, code, typeof data.error === 'string' ? data.error : res.statusText, data, Number(res.headers.get('retry-after')) || undefined);
  if (res.status === 401 && !path.endsWith('/auth/login')) onUnauthenticated(code === 'session_expired');
  throw failure;
}
