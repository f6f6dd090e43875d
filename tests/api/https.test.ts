/**
 * Issue 10: HTTPS built into the server. TLS_CERT/TLS_KEY (PEM) make it speak https
 * on PORT; HTTP_REDIRECT_PORT answers plain http with a redirect; files that are
 * missing, not PEM, or a key that does not belong to the certificate stop the start
 * with a sentence (exit code 2) – not with a stack trace, and not half-started.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { helpText, insecureOriginWarning, readConfig } from '../../server/config';
import { startChildServer } from '../support/child-server';
import { httpsGet, selfSignedCert } from '../support/https';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'lagesbild-https-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts server/main.ts expecting it to refuse; resolves with its exit code and output. */
function refusedStart(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts')], {
      cwd: root,
      env: { ...process.env, DATA_DIR: join(dir, 'refused-data'), PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('bad TLS files stop the start with a sentence', () => {
  const good = selfSignedCert(mkdtempSync(join(dir, 'good-')));
  const other = selfSignedCert(mkdtempSync(join(dir, 'other-')));
  const garbage = join(dir, 'garbage.pem');
  writeFileSync(garbage, 'this is not a certificate\n');
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a missing certificate file', { TLS_CERT: join(dir, 'nope.pem'), TLS_KEY: good.key }, /^lägesbild: TLS_CERT .*nope\.pem cannot be read \(there is no such file\)/m],
    ['a certificate that is not PEM', { TLS_CERT: garbage, TLS_KEY: good.key }, /^lägesbild: TLS_CERT .*garbage\.pem is not a PEM certificate/m],
    ['a key that is not PEM', { TLS_CERT: good.cert, TLS_KEY: good.cert }, /^lägesbild: TLS_KEY .* is not a PEM private key/m],
    ['the key of another certificate', { TLS_CERT: good.cert, TLS_KEY: other.key }, /^lägesbild: TLS_KEY .* is not the private key of the certificate in TLS_CERT/m],
    ['only one of the two', { TLS_CERT: good.cert }, /^lägesbild: TLS_CERT and TLS_KEY go together/m],
    ['a redirect port without TLS', { HTTP_REDIRECT_PORT: '8081' }, /^lägesbild: HTTP_REDIRECT_PORT .* needs TLS_CERT and TLS_KEY/m],
  ];
  test.each(cases)('%s', async (_name, env, message) => {
    const { code, out } = await refusedStart(env);
    expect(code).toBe(2);
    expect(out).toMatch(message);
    expect(out).not.toMatch(/^\s+at /m); // no stack trace
    expect(out).not.toMatch(/^listening:/m);
  });

  // root reads every file, so only an ordinary user can see this refusal.
  test.skipIf(process.getuid?.() === 0)('an unreadable key file', async () => {
    const locked = join(dir, 'locked-key.pem');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    const { code, out } = await refusedStart({ TLS_CERT: good.cert, TLS_KEY: locked });
    expect(code).toBe(2);
    expect(out).toMatch(/TLS_KEY .* cannot be read \(this user may not read it\)/);
  });
});

test('with TLS the server speaks https on PORT, and HTTP_REDIRECT_PORT redirects with the path', async () => {
  const { cert, key } = selfSignedCert(mkdtempSync(join(dir, 'serve-')));
  const server = await startChildServer(join(dir, 'serve-data'), { env: { TLS_CERT: cert, TLS_KEY: key, HTTP_REDIRECT_PORT: '0' } });
  try {
    const port = Number(new URL(server.url).port);
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await httpsGet(port, '/api/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    // Without PUBLIC_URL the printed links are https too.
    expect(server.setupUrl).toMatch(new RegExp(`^https://localhost:${port}/setup/`));

    const redirectPort = Number(/^redirecting: http:\/\/127\.0\.0\.1:(\d+) → https$/m.exec(server.output())?.[1]);
    expect(redirectPort).toBeGreaterThan(0);
    const answer = await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: redirectPort, path: '/enrol/abc?x=1', headers: { host: `lagesbild.test:${redirectPort}` } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, location: res.headers.location });
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer).toEqual({ status: 308, location: `https://lagesbild.test:${port}/enrol/abc?x=1` });
  } finally {
    await server.kill();
  }
});

describe('configuration', () => {
  test('TLS variables are read in config.ts in the shape of the others', () => {
    const c = readConfig({ TLS_CERT: 'c.pem', TLS_KEY: 'k.pem', HTTP_REDIRECT_PORT: '80', PORT: '443' }, []);
    expect(c.tls).toEqual({ certFile: join(process.cwd(), 'c.pem'), keyFile: join(process.cwd(), 'k.pem') });
    expect(c.httpRedirectPort).toBe(80);
    expect(helpText()).toMatch(/^TLS_CERT .*HTTPS/m);
    expect(helpText()).toMatch(/^HTTP_REDIRECT_PORT /m);
    expect(readConfig({}, []).tls).toBeUndefined();
    expect(() => readConfig({ TLS_CERT: 'c', TLS_KEY: 'k', HTTP_REDIRECT_PORT: 'eighty' }, [])).toThrow(/HTTP_REDIRECT_PORT must be a port number/);
  });

  test('a warning for plain http on a host other than this machine', () => {
    expect(insecureOriginWarning('http://lagesbild.kommun.se')).toMatch(/^warning: PUBLIC_URL http:\/\/lagesbild\.kommun\.se is plain http/);
    expect(insecureOriginWarning('http://192.168.1.20:8080')).toMatch(/^warning:/);
    expect(insecureOriginWarning('http://localhost:8080')).toBeUndefined();
    expect(insecureOriginWarning('http://127.0.0.1:8080')).toBeUndefined();
    expect(insecureOriginWarning('http://[::1]:8080')).toBeUndefined();
    expect(insecureOriginWarning('https://lagesbild.kommun.se')).toBeUndefined();
    expect(insecureOriginWarning(undefined)).toBeUndefined();
  });
});
