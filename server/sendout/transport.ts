/**
 * SMTP for the send-out: configuration from SMTP_URL and MAIL_FROM, a nodemailer
 * transport, and how a failed send is classified (retry or give up).
 */
import nodemailer, { type TransportOptions } from 'nodemailer';
import { EMAIL_RE } from '../../shared/sendout';
import type { PictureMail } from './message';

export interface MailConfig {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. */
  smtpUrl: string;
  /** The sender, e.g. "Lägesbild Älvstad <lagesbild@alvstad.se>". */
  from: string;
}

/** SMTP_URL and MAIL_FROM (server/config.ts): both or neither; one without the other stops the start with a sentence. Null = the send-out is off. */
export function checkMailConfig(smtpUrlRaw: string, fromRaw: string): MailConfig | null {
  const smtpUrl = smtpUrlRaw.trim();
  const from = fromRaw.trim();
  if (!smtpUrl && !from) return null;
  if (!smtpUrl) throw new Error('MAIL_FROM is set but SMTP_URL is not: set both to e-mail published pictures, or neither');
  if (!from) throw new Error('SMTP_URL is set but MAIL_FROM is not: set the sender address, e.g. MAIL_FROM="Lägesbild <lagesbild@kommun.se>"');
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error('SMTP_URL must be a URL like smtp://user:password@host:587 or smtps://user:password@host:465');
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new Error(`SMTP_URL must start with smtp:// or smtps:// and name a host, not "${url.protocol}//${url.host}"`);
  }
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  if (!EMAIL_RE.test(address)) {
    throw new Error('MAIL_FROM must be an e-mail address, optionally with a name: "Lägesbild <lagesbild@kommun.se>"');
  }
  return { smtpUrl, from };
}

/** Where mail goes, for the start-up line: never the password. */
export function describeSmtp(config: MailConfig): string {
  const url = new URL(config.smtpUrl);
  return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}`;
}

export interface OutgoingMail extends PictureMail {
  to: { name: string; address: string };
}

/** Sends one message; resolves once the SMTP server has accepted it, rejects with nodemailer's error otherwise. */
export type MailSender = (mail: OutgoingMail) => Promise<void>;

export function smtpSender(config: MailConfig): { send: MailSender; close(): void } {
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    pool: true,
    maxConnections: 3,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  } as TransportOptions);
  return {
    async send(mail) {
      await transport.sendMail({
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        messageId: mail.messageId,
      });
    },
    close: () => transport.close(),
  };
}

export type SendFailure = { temporary: boolean; reason: string };

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ETLS', 'EPROTOCOL']);

/**
 * SMTP 4xx and connection trouble are temporary (retried with backoff); 5xx is
 * permanent (the server refused this message or address: failed, with its answer).
 */
export function classifySendError(err: unknown): SendFailure {
  const e = err as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const code = typeof e?.responseCode === 'number' ? e.responseCode : undefined;
  const answer = typeof e?.response === 'string' ? e.response : typeof e?.message === 'string' ? e.message : String(err);
  if (code !== undefined && code >= 500) return { temporary: false, reason: answer };
  if (code !== undefined && code >= 400) return { temporary: true, reason: answer };
  const sys = typeof e?.code === 'string' ? e.code : '';
  if (CONNECTION_CODES.has(sys)) return { temporary: true, reason: `${sys}: ${answer}` };
  return { temporary: true, reason: answer };
}
