/**
 * A local push service on 127.0.0.1 for tests: it receives the real, encrypted
 * request that `web-push` sends, records it, and answers with whatever status the test
 * scripted (201 by default). Also: a browser-side subscription (an ECDH P-256 key pair
 * and an auth secret, generated as a browser would) that decrypts an RFC 8291
 * aes128gcm payload, and a checker for the VAPID (RFC 8292) Authorization header.
 *
 * web-push always speaks HTTPS, so the endpoint does too, with the self-signed
 * certificate below: a TEST-ONLY key for 127.0.0.1 that protects nothing (never used
 * outside tests). Pass `agent` (an https.Agent trusting it) to the sender.
 */
import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify as verifySignature, type ECDH } from 'node:crypto';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg8RIiZ2Nm0QD23jp4
lxiHn4OjFvguGQn+svSt9ul+BpehRANCAASgcyXqmpIH9tELoi3SmWEchDVAju5G
LMqGYpFx0NP6HDI6g40zn31QwdkZY5i7e2a0M4FFAtr9XjC2i8g7iaZG
-----END PRIVATE KEY-----
`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBnDCCAUGgAwIBAgIUZL4c7Oa/xvLdd/nPkyo6nRQXtYwwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyNzE1MjYyNloYDzIxMjYxMTAz
MTUyNjI2WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASgcyXqmpIH9tELoi3SmWEchDVAju5GLMqGYpFx0NP6HDI6g40zn31Q
wdkZY5i7e2a0M4FFAtr9XjC2i8g7iaZGo28wbTAdBgNVHQ4EFgQUm+7og+bLAbSi
S5K04KFlTeM6uSIwHwYDVR0jBBgwFoAUm+7og+bLAbSiS5K04KFlTeM6uSIwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDSQAwRgIhAL+ViRH1jBb3Goiz1DKKzHWdvHXzplQDcCjOGRJz+s8hAiEA
6ofpQ9bjcLD0yOOs5RGZ/DpY7av+CCUfr5lhoKWOHzU=
-----END CERTIFICATE-----
`;

export interface ReceivedPush {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The status the endpoint answered with. */
  status: number;
}

export interface PushEndpoint {
  /** https://127.0.0.1:<port> */
  origin: string;
  /** An https.Agent that trusts the endpoint's test certificate (for web-push's `agent` option). */
  agent: Agent;
  received: ReceivedPush[];
  /** Script the answers for one path: each request takes the next status; afterwards 201. */
  respond(path: string, ...statuses: number[]): void;
  close(): Promise<void>;
}

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const scripted = new Map<string, number[]>();
  const received: ReceivedPush[] = [];
  const server: Server = createServer({ key: TEST_KEY, cert: TEST_CERT }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const status = scripted.get(path)?.shift() ?? 201;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      received.push({ path, method: req.method ?? '', headers, body: Buffer.concat(chunks), status });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 400 ? `scripted ${status}` : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = new Agent({ ca: TEST_CERT, keepAlive: false });
  return {
    origin,
    agent,
    received,
    respond(path, ...statuses) {
      scripted.set(path, [...(scripted.get(path) ?? []), ...statuses]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface BrowserSubscription {
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Decrypts an aes128gcm push message body (RFC 8291 + RFC 8188) to its plaintext. */
  decrypt(body: Buffer): string;
}

/** What PushManager.subscribe() creates in a browser: a P-256 key pair and a 16-byte auth secret. */
export function browserSubscription(endpoint: string): BrowserSubscription {
  const ecdh: ECDH = createECDH('prime256v1');
  const uaPublic = ecdh.generateKeys(); // uncompressed point, 65 bytes
  const authSecret = randomBytes(16);
  return {
    subscription: { endpoint, keys: { p256dh: uaPublic.toString('base64url'), auth: authSecret.toString('base64url') } },
    decrypt: (body) => decryptAes128gcm(body, ecdh, uaPublic, authSecret),
  };
}

const TAG_LENGTH = 16;

/**
 * RFC 8188 §2.1 header: salt (16) | rs (uint32) | idlen (1) | keyid (idlen) – for Web
 * Push the keyid is the application server's ephemeral ECDH public key (RFC 8291 §4).
 * RFC 8291 §3.3–3.4:
 *   ecdh_secret = ECDH(ua_private, as_public)
 *   IKM   = HKDF(salt = auth_secret, ikm = ecdh_secret, info = "WebPush: info" 0x00 ua_public as_public, 32)
 *   CEK   = HKDF(salt, IKM, "Content-Encoding: aes128gcm" 0x00, 16)
 *   NONCE = HKDF(salt, IKM, "Content-Encoding: nonce" 0x00, 12)
 * Each record of rs bytes is AES-128-GCM (16-byte tag) under NONCE XOR seq; its
 * plaintext ends with a delimiter (0x02 on the last record, 0x01 before) and zero padding.
 */
export function decryptAes128gcm(body: Buffer, ua: ECDH, uaPublic: Buffer, authSecret: Buffer): string {
  if (body.length < 21) throw new Error('body shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  if (idlen !== 65 || asPublic[0] !== 0x04) throw new Error(`keyid is not an uncompressed P-256 key (idlen ${idlen})`);
  if (rs <= TAG_LENGTH + 1) throw new Error(`record size ${rs} too small`);

  const ecdhSecret = ua.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0', 'latin1'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0', 'latin1'), 16));
  const baseNonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0', 'latin1'), 12));

  const records = body.subarray(21 + idlen);
  const out: Buffer[] = [];
  const count = Math.ceil(records.length / rs);
  if (count === 0) throw new Error('no records');
  for (let seq = 0; seq < count; seq++) {
    const record = records.subarray(seq * rs, Math.min((seq + 1) * rs, records.length));
    const nonce = Buffer.from(baseNonce);
    // XOR the 96-bit big-endian sequence number into the nonce (seq < 2^32 here).
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - TAG_LENGTH));
    const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_LENGTH)), decipher.final()]);
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    const last = seq === count - 1;
    if (end < 0 || plain[end] !== (last ? 2 : 1)) throw new Error(`record ${seq}: bad padding delimiter`);
    out.push(plain.subarray(0, end));
  }
  return Buffer.concat(out).toString('utf8');
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
}

/**
 * Checks an RFC 8292 `Authorization: vapid t=<JWT>, k=<public key>` header: k is the
 * expected application server key, the ES256 signature verifies with it, and the
 * claims are returned for the test to inspect (aud, exp, sub).
 */
export function verifyVapidHeader(header: string | undefined, expectedPublicKey: string): VapidClaims {
  const m = /^vapid\s+t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!m) throw new Error(`not a vapid Authorization header: ${String(header)}`);
  const [, jwt, k] = m as unknown as [string, string, string];
  if (k !== expectedPublicKey) throw new Error('k= is not the server public key');
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) throw new Error('malformed JWT');
  const head = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string; typ?: string };
  if (head.alg !== 'ES256') throw new Error(`JWT alg ${String(head.alg)}`);
  const raw = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  const ok = verifySignature('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('JWT signature does not verify with k=');
  return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as VapidClaims;
}
