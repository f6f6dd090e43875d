/**
 * The informant's two read/handshake calls: enrolment and the context. Both write only
 * through domain actions (actions.ts).
 */
import type { EnrolResponse, InformantContext } from '../../shared/api';
import type { PublishedPicture } from '../../shared/pictures';
import { applyContext, enrol, markRevoked } from './actions';
import { getDb, metaRow, readMeta, type LagesbildDb } from './db';

export type EnrolOutcome =
  | { ok: true; name: string }
  | { ok: false; reason: 'not_found' | 'expired' | 'full' | 'network' | 'server'; detail?: string };

export async function enrolWithCode(code: string, doFetch: typeof fetch = fetch, db: LagesbildDb = getDb()): Promise<EnrolOutcome> {
  let res: Response;
  try {
    res = await doFetch('/api/v1/enrol', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
  } catch (err) {
    return { ok: false, reason: 'network', detail: err instanceof Error ? err.message : String(err) };
  }
  if (res.ok) {
    const body = (await res.json()) as EnrolResponse;
    await enrol({ token: body.token, functionId: body.functionId, name: body.name }, Date.now(), db);
    return { ok: true, name: body.name };
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  const reason = res.status === 404 ? 'not_found' : res.status === 410 ? 'expired' : res.status === 403 ? 'full' : 'server';
  return body.error ? { ok: false, reason, detail: body.error } : { ok: false, reason };
}

export type ContextOutcome = 'ok' | 'offline' | 'revoked' | 'not_enrolled' | 'error';

/** Fetch and cache the context (areas, places, week, this and last week's reports). */
export async function refreshContext(doFetch: typeof fetch = fetch, db: LagesbildDb = getDb()): Promise<ContextOutcome> {
  const device = await readMeta(db, 'device');
  if (!device) return 'not_enrolled';
  let res: Response;
  try {
    res = await doFetch('/api/v1/informant/context', {
      headers: { authorization: `Bearer ${device.token}` },
      signal: AbortSignal.timeout?.(20_000),
    });
  } catch {
    return 'offline';
  }
  if (res.status === 401) {
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    await markRevoked(body.code === 'device_revoked' ? 'device_revoked' : 'unauthorized', db);
    return 'revoked';
  }
  if (!res.ok) return 'error';
  try {
    const ctx = (await res.json()) as InformantContext;
    await applyContext(ctx, Date.now(), db);
    return 'ok';
  } catch {
    return 'error';
  }
}

/** The latest published picture as informants get it: text and footer, no facts. */
export type InformantPicture = Omit<PublishedPicture, 'facts'>;
export async function cachedPicture(db: LagesbildDb = getDb()): Promise<InformantPicture | undefined> {
  return readMeta(db, 'picture');
}

/**
 * Fetch the latest picture if this server shares it with informants: 200 caches it,
 * 403 (not shared) and 404 (none yet) forget the cache, offline or errors keep it.
 * `shared === false` (a context that says pictures are not shared) forgets it without asking.
 */
export async function refreshPicture(shared?: boolean, doFetch: typeof fetch = fetch, db: LagesbildDb = getDb()): Promise<void> {
  const device = await readMeta(db, 'device');
  if (!device) return;
  const forget = () => db.run(['meta'], 'readwrite', (tx) => tx.store.delete('picture'));
  if (shared === false) return forget();
  try {
    const res = await doFetch('/api/v1/informant/pictures/latest', { headers: { authorization: `Bearer ${device.token}` } });
    if (res.ok) {
      const picture = (await res.json()) as InformantPicture;
      await db.run(['meta'], 'readwrite', (tx) => tx.store.put(metaRow('picture', picture)));
    } else if (res.status === 403 || res.status === 404) await forget();
  } catch {
    // offline: keep what is cached
  }
}
