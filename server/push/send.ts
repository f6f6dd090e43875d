/**
 * Sending one push message with the `web-push` package (RFC 8291 aes128gcm payload
 * encryption + RFC 8292 VAPID). Injected into the scheduler as a `PushSender` so tests
 * can aim it at a local push endpoint (with their own TLS agent) or replace it.
 */
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { VapidDetails } from './settings';

export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushSendOptions {
  /** Seconds the push service may hold the message for an offline device. */
  ttl: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** Replaces a still-undelivered message with the same topic (≤ 32 base64url chars). */
  topic?: string;
}

/** Resolves with the push service's status (2xx); rejects with an error carrying `statusCode` otherwise. */
export type PushSender = (target: PushTarget, payload: string, options: PushSendOptions) => Promise<{ statusCode: number }>;

export const SEND_TIMEOUT_MS = 15_000;

export function webPushSender(vapid: VapidDetails, extra: { agent?: Agent; timeoutMs?: number } = {}): PushSender {
  return async (target, payload, options) => {
    const requestOptions: webpush.RequestOptions = {
      vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
      TTL: options.ttl,
      urgency: options.urgency,
      contentEncoding: 'aes128gcm',
      timeout: extra.timeoutMs ?? SEND_TIMEOUT_MS,
    };
    if (options.topic) requestOptions.topic = options.topic;
    if (extra.agent) requestOptions.agent = extra.agent;
    const result = await webpush.sendNotification(target, payload, requestOptions);
    return { statusCode: result.statusCode };
  };
}

export type SendFailure =
  /** The subscription is dead (404/410): delete it. */
  | { kind: 'gone'; statusCode: number; message: string }
  /** Anything else (5xx, 429, network, timeout, 4xx we cannot fix by ourselves): retry with backoff. */
  | { kind: 'retry'; statusCode: number | null; message: string };

/** web-push rejects with a WebPushError ({statusCode, body}) for non-2xx, a plain Error for network trouble. */
export function classifySendError(err: unknown): SendFailure {
  const statusCode =
    typeof err === 'object' && err !== null && typeof (err as { statusCode?: unknown }).statusCode === 'number'
      ? (err as { statusCode: number }).statusCode
      : null;
  const body = typeof err === 'object' && err !== null && typeof (err as { body?: unknown }).body === 'string' ? (err as { body: string }).body : '';
  const base = err instanceof Error ? err.message : String(err);
  const message = (statusCode ? `HTTP ${statusCode}: ${base}${body ? ` – ${body.slice(0, 200)}` : ''}` : base).slice(0, 500);
  if (statusCode === 404 || statusCode === 410) return { kind: 'gone', statusCode, message };
  return { kind: 'retry', statusCode, message };
}
