/**
 * A real SMTP server on 127.0.0.1 for tests (smtp-server), parsing what arrives with
 * mailparser. A message counts as received only when the sink accepts it (250 after
 * DATA), as a real mail server would. Scripts per test: answer a recipient with an SMTP
 * error (4xx: try later, 5xx: refused), or hold messages unanswered – a client killed
 * while its message is held never got a 250, and the held message is discarded.
 */
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: ParsedMail['headers'];
  raw: string;
}

type Answer = { code: number; message: string } | null;

export interface SmtpSink {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Called for every message before accepting: an answer refuses it with that SMTP code. */
  answer: (to: string) => Answer;
  /** The next `n` messages are held unanswered; resolves once that many are held. */
  hold(n: number): Promise<void>;
  /** Discards held messages (their client is gone): answered 421, never received. */
  dropHeld(): number;
  /** Resolves once `n` messages have been received in all. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let toHold = 0;
  let held: { callback: (err?: Error | null) => void }[] = [];
  let onHeld: (() => void) | null = null;
  let heldTarget = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const smtpError = (a: NonNullable<Answer>) => Object.assign(new Error(a.message), { responseCode: a.code });

  const sink: SmtpSink = {
    url: '',
    port: 0,
    received,
    answer: () => null,
    hold(n) {
      toHold = n;
      heldTarget = n;
      return new Promise<void>((resolve) => {
        onHeld = resolve;
      });
    },
    dropHeld() {
      const n = held.length;
      for (const h of held) h.callback(smtpError({ code: 421, message: 'Connection lost before the message was accepted' }));
      held = [];
      return n;
    },
    waitFor(n, timeoutMs = 20_000) {
      if (received.length >= n) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${n} messages arrived`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' });
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('end', () => {
        void (async () => {
          const to = session.envelope.rcptTo.map((r) => r.address).join(',');
          const refusal = sink.answer(to);
          if (refusal) return callback(smtpError(refusal));
          if (toHold > 0) {
            toHold--;
            held.push({ callback });
            if (held.length >= heldTarget && onHeld) {
              onHeld();
              onHeld = null;
            }
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const parsed = await simpleParser(raw);
          received.push({
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
            headers: parsed.headers,
            raw,
          });
          callback();
          for (const w of waiters.filter((w) => received.length >= w.n)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  sink.port = port;
  sink.url = `smtp://127.0.0.1:${port}`;
  return sink;
}
