/**
 * HTTPS for the browser tests: a host name that is not localhost (Chromium maps it to
 * loopback with a host-resolver rule, so the page is a real non-loopback origin),
 * self-signed certificates made with openssl, free ports, and the real Caddy
 * (Debian's package) running deploy/Caddyfile in front of the server.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

export const TEST_HOST = 'lagesbild.test';
export const CADDY = process.env.CADDY_PATH ?? '/usr/bin/caddy';

/** Chromium flags: TEST_HOST resolves to `address`; self-signed and internal-CA certificates are accepted. */
export function hostFlags(address = '127.0.0.1'): string[] {
  return [`--host-resolver-rules=MAP ${TEST_HOST} ${address}`, '--ignore-certificate-errors'];
}

/** A port nobody listens on right now (the OS picks it; a process started next binds it). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A self-signed certificate (and its key) for TEST_HOST, as PEM files in `dir`. */
export function selfSignedCert(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${TEST_HOST}`, '-addext', `subjectAltName=DNS:${TEST_HOST}`,
  ], { stdio: 'ignore' });
  return { cert, key };
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET over https to 127.0.0.1 with TEST_HOST as SNI and Host, the certificate not checked. */
export function httpsGet(port: number, path: string): Promise<HttpsAnswer> {
  return httpsRequest(port, 'GET', path);
}

/** A request as a browser elsewhere would send it (own headers, e.g. a foreign Origin and a stolen-by-ambient-authority cookie). */
export function httpsRequest(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, servername: TEST_HOST, headers: { host: `${TEST_HOST}:${port}`, ...headers }, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

export interface Caddy {
  port: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs deploy/Caddyfile with `tls internal`, site `TEST_HOST:<port>`, upstream
 * `upstream` (host:port); its storage and config live in `dir` (nothing in the
 * user's home), admin endpoint off, ephemeral ports. Resolves once it answers
 * /api/health through to the server.
 */
export async function startCaddy(opts: { root: string; dir: string; port: number; upstream: string }): Promise<Caddy> {
  mkdirSync(opts.dir, { recursive: true });
  const httpPort = await freePort();
  const env = {
    ...process.env,
    HOME: opts.dir,
    XDG_DATA_HOME: join(opts.dir, 'data'),
    XDG_CONFIG_HOME: join(opts.dir, 'config'),
    LAGESBILD_CADDY_GLOBAL: [
      'admin off',
      `storage file_system ${join(opts.dir, 'storage')}`,
      `http_port ${httpPort}`,
      `https_port ${opts.port}`,
      'skip_install_trust',
      'local_certs',
    ].join('\n'),
    LAGESBILD_HOST: `${TEST_HOST}:${opts.port}`,
    LAGESBILD_TLS: 'tls internal',
    LAGESBILD_UPSTREAM: opts.upstream,
  };
  const proc: ChildProcess = spawn(CADDY, ['run', '--config', join(opts.root, 'deploy', 'Caddyfile'), '--adapter', 'caddyfile'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`caddy exited (${proc.exitCode}):\n${out}`);
    try {
      const res = await httpsGet(opts.port, '/api/health');
      if (res.status === 200) break;
    } catch {
      // not listening yet, or still issuing its internal certificate
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`caddy did not serve https://${TEST_HOST}:${opts.port} in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port: opts.port, output: () => out, stop };
}
