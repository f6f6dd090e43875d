import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LossyHop {
  url: string;
  /**
   * The next request whose "METHOD path" matches is forwarded and answered in full by
   * the upstream (so the server has committed it); then `afterUpstream` runs (e.g. kill
   * the server) and the client's connection is dropped without an answer – the
   * "server died while the phone waited for the reply" case. Resolves with the
   * upstream's status and body.
   */
  swallowNext(match: RegExp, afterUpstream: () => Promise<void> | void): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** A plain forwarding hop (placed behind the fault proxy) that can lose one answer. */
export async function startLossyHop(upstream: string): Promise<LossyHop> {
  const target = new URL(upstream);
  const sockets = new Set<Socket>();
  let armed: { match: RegExp; after: () => Promise<void> | void; resolve: (r: { status: number; body: string }) => void; reject: (e: unknown) => void } | undefined;

  const server: Server = createServer((req, res) => {
    const key = `${req.method} ${req.url}`;
    const swallow = armed && armed.match.test(key) ? armed : undefined;
    if (swallow) armed = undefined;
    const upstreamReq = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (upstreamRes: IncomingMessage) => {
        if (!swallow) {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
          return;
        }
        let body = '';
        upstreamRes.setEncoding('utf8');
        upstreamRes.on('data', (d: string) => (body += d));
        upstreamRes.on('end', () => {
          void (async () => {
            try {
              await swallow.after();
            } finally {
              req.socket.destroy();
              swallow.resolve({ status: upstreamRes.statusCode ?? 0, body });
            }
          })().catch(swallow.reject);
        });
      },
    );
    upstreamReq.on('error', (err) => {
      req.socket.destroy();
      swallow?.reject(err);
    });
    req.pipe(upstreamReq);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    swallowNext(match, afterUpstream) {
      return new Promise((resolve, reject) => {
        armed = { match, after: afterUpstream, resolve, reject };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
