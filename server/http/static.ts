import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Serves the built client on the same origin as the API. Hashed assets are
 * cached for a year; the service worker, manifest and index.html never are,
 * so an update reaches phones on their next visit. Text files go out as the
 * brotli or gzip copy the build wrote next to them (build/vite-plugins.ts),
 * chosen by Accept-Encoding; `Vary: Accept-Encoding` tells caches so.
 */
export function clientRoutes(clientDir: string) {
  const app = new Hono();
  const indexFile = join(clientDir, 'index.html');
  if (!existsSync(indexFile)) {
    app.get('*', (c) =>
      c.text('The client has not been built. Run `npm run build` (npm start does it for you).', 503),
    );
    return app;
  }
  const root = relative(process.cwd(), clientDir) || '.';
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use(
    '*',
    serveStatic({
      root,
      precompressed: true,
      onFound: (path, c) => {
        if (!path.includes('/assets/')) c.header('Cache-Control', 'no-cache');
        // Also on the uncompressed answer: a cache must not hand it to a client that asked for brotli.
        const precompressedSibling = !/\.(br|gz)$/.test(path) && (existsSync(`${path}.br`) || existsSync(`${path}.gz`));
        if (precompressedSibling && !/accept-encoding/i.test(c.res.headers.get('Vary') ?? '')) c.header('Vary', 'Accept-Encoding', { append: true });
      },
    }),
  );
  // App routes (e.g. /enrol/<code>) are client-side: answer with the shell.
  const html = readFileSync(indexFile, 'utf8'); // read once: a deploy restarts the server
  app.get('*', (c) => {
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return c.text('Not found', 404);
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  });
  return app;
}
