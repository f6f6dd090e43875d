import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ProxyMode = 'pass' | 'down' | 'unavailable';

export interface FaultProxy {
  url: string;
  /** 'down' drops every connection (no network at all, the service worker's requests included); 'unavailable' answers 503 to the API. */
  setMode(mode: ProxyMode): void;
  setUpstream(url: string): void;
  /** Requests that reached the upstream, by "METHOD path". */
  seen: string[];
  close(): Promise<void>;
}

/**
 * The browser talks to this proxy on 127.0.0.1, never to the server directly,
 * so a test can cut the network for the page AND its service worker (Playwright's
 * setOffline does not reach service-worker requests), answer 503, or swap the
 * server behind it for a restarted one – the origin stays the same.
 */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  let mode: ProxyMode = 'pass';
  let target = new URL(upstream);
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (mode === 'unavailable' && req.url?.startsWith('/api/')) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ error: 'Service unavailable (test)', code: 'unavailable' }));
      return;
    }
    seen.push(`${req.method} ${req.url}`);
    const upstreamReq = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on('error', () => req.socket.destroy());
    req.pipe(upstreamReq);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    setMode(m) {
      mode = m;
      // Kill kept-alive connections so the new mode applies at once.
      if (m !== 'pass') for (const s of sockets) s.destroy();
    },
    setUpstream(u) {
      target = new URL(u);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
