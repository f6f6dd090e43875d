import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createSecureContext } from 'node:tls';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/**
 * Reads and checks the certificate and key named by TLS_CERT/TLS_KEY before the
 * server starts, so a bad file is a sentence at start – not a handshake failure
 * on every phone later. Node's own secure context does the checking (PEM parses,
 * the key belongs to the certificate).
 */
export function loadTls(files: { certFile: string; keyFile: string }): TlsFiles {
  const read = (name: string, file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (e as NodeJS.ErrnoException).code === 'EACCES' ? 'this user may not read it' : (e as Error).message;
      throw new Error(`${name} ${file} cannot be read (${reason}); it must be ${what}`);
    }
  };
  const cert = read('TLS_CERT', files.certFile, 'the certificate (chain) as a PEM file');
  const key = read('TLS_KEY', files.keyFile, 'the private key of that certificate as a PEM file');
  if (!/-----BEGIN CERTIFICATE-----/.test(cert.toString('latin1'))) {
    throw new Error(`TLS_CERT ${files.certFile} is not a PEM certificate (no "BEGIN CERTIFICATE" block)`);
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.toString('latin1'))) {
    throw new Error(`TLS_KEY ${files.keyFile} is not a PEM private key (no "BEGIN … PRIVATE KEY" block)`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    const msg = (e as Error).message;
    if (/key values mismatch/i.test(msg)) throw new Error(`TLS_KEY ${files.keyFile} is not the private key of the certificate in TLS_CERT ${files.certFile}`);
    throw new Error(`TLS_CERT ${files.certFile} and TLS_KEY ${files.keyFile} cannot be used for HTTPS: ${msg}`);
  }
  return { cert, key };
}

/**
 * The plain-HTTP listener of HTTP_REDIRECT_PORT: every request is sent, with its
 * path, to the https origin (308 keeps the method and body of a stray POST).
 * The origin is PUBLIC_URL when that is https; otherwise the request's host name
 * on the HTTPS port.
 */
export function redirectServer(opts: { publicUrl: string | undefined; httpsPort: () => number }): Server {
  const fixed = opts.publicUrl?.startsWith('https:') ? new URL(opts.publicUrl).origin : undefined;
  return createServer((req, res) => {
    let origin = fixed;
    if (!origin) {
      const host = hostName(req.headers.host);
      if (!host) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('This address only redirects to HTTPS, and the request named no host.\n');
        return;
      }
      const port = opts.httpsPort();
      origin = `https://${host}${port === 443 ? '' : `:${port}`}`;
    }
    const path = req.url?.startsWith('/') ? req.url : '/';
    res.writeHead(308, { location: `${origin}${path}`, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`Lägesbild is served over HTTPS: ${origin}${path}\n`);
  });
}

/** The host name of a Host header (port dropped), or undefined when it is not one. */
function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d+)?$/i.exec(header.trim());
  return m?.[1];
}
