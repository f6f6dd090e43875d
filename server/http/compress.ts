import { createMiddleware } from 'hono/factory';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Below this size compressing costs more (CPU, headers) than it saves. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * Compresses JSON answers of at least COMPRESS_MIN_BYTES with brotli or gzip,
 * whichever the client accepts (brotli preferred; a q=0 refuses). Only
 * `application/json` is touched: JSON answers are built in memory anyway, while
 * the exports stream (text/csv, application/geo+json) and must keep streaming, and
 * static files come precompressed from the build (server/http/static.ts).
 */
export function compressJson() {
  return createMiddleware(async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method === 'HEAD' || !res.body || res.headers.has('Content-Encoding')) return;
    if (!/^application\/json\b/i.test(res.headers.get('Content-Type') ?? '')) return;
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    const vary = res.headers.get('Vary');
    const body = Buffer.from(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    if (!vary || !/\baccept-encoding\b/i.test(vary)) headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    if (!encoding || body.length < COMPRESS_MIN_BYTES) {
      c.res = new Response(body, { status: res.status, statusText: res.statusText, headers });
      return;
    }
    const compressed =
      encoding === 'br'
        ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : gzipSync(body, { level: 6 });
    headers.set('Content-Encoding', encoding);
    headers.set('Content-Length', String(compressed.length));
    c.res = new Response(compressed, { status: res.status, statusText: res.statusText, headers });
  });
}

/** brotli or gzip by the Accept-Encoding header (q-values honoured), or none. */
export function chooseEncoding(header: string | undefined): 'br' | 'gzip' | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  const br = of('br');
  const gzip = of('gzip');
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return undefined;
}
