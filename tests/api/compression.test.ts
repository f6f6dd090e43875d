/**
 * Issue 10: bytes on the wire. Static files go out as the brotli/gzip copies the
 * build wrote (server/http/static.ts), JSON answers over ~1 KB are compressed
 * (server/http/compress.ts), streams (exports) are left alone. Raw bytes are read
 * with node:http, which – unlike fetch – does not undo the encoding.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseEncoding, compressJson, COMPRESS_MIN_BYTES } from '../../server/http/compress';
import { clientRoutes } from '../../server/http/static';
import { startTestServer, type TestServer } from '../support/fixture';

function raw(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(app: Hono): Promise<{ url: string; close: () => void }> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('precompressed static files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-static-'));
  const js = 'export const words = ' + JSON.stringify(Array.from({ length: 400 }, (_, i) => `ord-${i}`)) + ';\n';
  let server: { url: string; close: () => void };
  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), js);
    writeFileSync(join(dir, 'assets', 'app-abc123.js.br'), brotliCompressSync(js));
    writeFileSync(join(dir, 'assets', 'app-abc123.js.gz'), gzipSync(js));
    writeFileSync(join(dir, 'assets', 'icon-abc123.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    server = await listen(new Hono().route('/', clientRoutes(dir)));
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('brotli when accepted, else gzip, else the plain file – each with Vary: Accept-Encoding', async () => {
    const br = await raw(`${server.url}/assets/app-abc123.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toMatch(/immutable/);
    expect(brotliDecompressSync(br.body).toString()).toBe(js);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);

    const gz = await raw(`${server.url}/assets/app-abc123.js`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(js);

    const plain = await raw(`${server.url}/assets/app-abc123.js`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body.toString()).toBe(js);
  });

  test('an image (compressed already) is sent as it is', async () => {
    const png = await raw(`${server.url}/assets/icon-abc123.png`, { 'accept-encoding': 'br, gzip' });
    expect(png.status).toBe(200);
    expect(png.headers['content-encoding']).toBeUndefined();
  });
});

describe('JSON compression', () => {
  let server: { url: string; close: () => void };
  const big = { rows: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `Område ${i}` })) };
  beforeAll(async () => {
    const app = new Hono();
    app.use('*', compressJson());
    app.get('/big', (c) => c.json(big));
    app.get('/small', (c) => c.json({ ok: true }));
    app.get('/stream', (c) => {
      const body = new ReadableStream<Uint8Array>({
        start(ctl) {
          for (let i = 0; i < 100; i++) ctl.enqueue(new TextEncoder().encode(`week,${i},${'x'.repeat(40)}\n`));
          ctl.close();
        },
      });
      return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8' });
    });
    server = await listen(app);
  });
  afterAll(() => server.close());

  test(`a JSON answer over ${COMPRESS_MIN_BYTES} bytes is compressed (brotli preferred), a small one is not`, async () => {
    const br = await raw(`${server.url}/big`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(brotliDecompressSync(br.body).toString())).toEqual(big);
    expect(br.body.length).toBeLessThan(JSON.stringify(big).length / 3);

    const gz = await raw(`${server.url}/big`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString())).toEqual(big);

    const none = await raw(`${server.url}/big`, {});
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(none.body.toString())).toEqual(big);

    const small = await raw(`${server.url}/small`, { 'accept-encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ ok: true });
  });

  test('a streamed export is not buffered or re-encoded', async () => {
    const csv = await raw(`${server.url}/stream`, { 'accept-encoding': 'br, gzip' });
    expect(csv.headers['content-encoding']).toBeUndefined();
    expect(csv.body.toString().split('\n')).toHaveLength(101);
  });

  test('Accept-Encoding q-values are honoured', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('gzip;q=1, br;q=0.5')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding(undefined)).toBeUndefined();
  });
});

describe('the real app', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  test('the informant context of a municipality with many areas goes out compressed, and reads the same', async () => {
    const insert = t.db.prepare('INSERT INTO areas (id, name) VALUES (?, ?)');
    for (let i = 0; i < 30; i++) insert.run(randomUUID(), `Stadsdel ${i}`);
    const token = await t.enrol();
    const plain = await raw(`${t.url}/api/v1/informant/context`, { authorization: `Bearer ${token}` });
    const br = await raw(`${t.url}/api/v1/informant/context`, { authorization: `Bearer ${token}`, 'accept-encoding': 'br' });
    expect(br.status).toBe(200);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body.length).toBeGreaterThan(COMPRESS_MIN_BYTES);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(JSON.parse(brotliDecompressSync(br.body).toString())).toEqual(JSON.parse(plain.body.toString()));
  });
});
