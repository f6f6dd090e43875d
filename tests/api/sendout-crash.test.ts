/**
 * The send-out across a SIGKILL: the server (server/main.ts as its own process) is killed
 * while messages are on the wire to a real SMTP server in this process; after the restart
 * every recipient has the version exactly once – the ones accepted before the kill are not
 * sent again, the ones in flight (never accepted) and the ones not yet started are sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db/open';
import { compileDraft } from '../../server/pictures/draft';
import { publishPicture } from '../../server/pictures/publish';
import { pictureStore } from '../../server/pictures/store';
import { sendoutStore } from '../../server/sendout/store';
import { compileWeek } from '../../server/weekview/compile';
import { weekOf } from '../../shared/weeks';
import { startChildServer, type ChildServer } from '../support/child-server';
import { pictureContent, printedWords } from '../support/sendout';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { documentWords } from '../../shared/picture-document';

let dir: string;
let sink: SmtpSink | undefined;
let server: ChildServer | undefined;
afterEach(async () => {
  await server?.kill('SIGKILL');
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

const RECIPIENTS = 12;

function prepare(db: Db, now: Date) {
  const store = sendoutStore(db);
  const list = store.lists()[0]!.id;
  for (let i = 1; i <= RECIPIENTS; i++) store.createRecipient({ name: `Mottagare ${i}`, email: `m${i}@mottagare.example`, organisation: 'Org', lists: [list] }, now);
  const week = weekOf(now);
  const view = compileWeek({ week, areas: [], places: [], organisations: [], prioritisedAreaIds: [], observations: [], history: [], placeWeeks: [], weekReports: [] });
  const { facts } = compileDraft({ view });
  pictureStore(db).ensureDraft(week, pictureContent(), now);
  const r = publishPicture(db, { week, draftVersion: 1, facts, prefix: 'EST', by: null, now, channels: { mail: true } });
  if (r.kind !== 'ok') throw new Error(r.kind);
  return r.picture;
}

describe('the send-out across a crash', () => {
  it('sends each recipient the version exactly once when the server is SIGKILLed mid-send and restarted', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lagesbild-sendout-crash-'));
    const file = join(dir, 'lagesbild.sqlite');
    const setup = openDatabase(file);
    const picture = prepare(setup, new Date());
    setup.close();

    const smtp = (sink = await startSmtpSink());
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'Lägesbild <lagesbild@alvstad.example>', PUBLIC_URL: 'http://lagesbild.test' };
    server = await startChildServer(dir, { env });
    expect(server.output()).toMatch(/the e-mail send-out is on: published pictures are e-mailed via smtp:\/\/127\.0\.0\.1:\d+/);

    // Let some through, then hold the next three unanswered and kill the server while they wait.
    await smtp.waitFor(4);
    await smtp.hold(3);
    await server.kill('SIGKILL');
    expect(smtp.dropHeld()).toBe(3);
    const acceptedBeforeCrash = smtp.received.length;
    expect(acceptedBeforeCrash).toBeGreaterThanOrEqual(4);
    expect(acceptedBeforeCrash).toBeLessThan(RECIPIENTS);

    // What the dead server left: a 'sent' record for exactly the accepted ones, some jobs still 'running'.
    const db = openDatabase(file);
    try {
      expect(db.prepare("SELECT count(*) FROM mail_sends WHERE state = 'sent'").pluck().get()).toBe(acceptedBeforeCrash);
      expect(db.prepare("SELECT count(*) FROM jobs WHERE kind = 'mail.picture' AND state = 'running'").pluck().get()).toBeGreaterThanOrEqual(3);
    } finally {
      db.close();
    }

    server = await startChildServer(dir, { env });
    await smtp.waitFor(RECIPIENTS, 30_000);
    // Wait until the restarted server has finished every job, then make sure nothing more came.
    const check = openDatabase(file);
    try {
      for (let i = 0; i < 100; i++) {
        const open = check.prepare("SELECT count(*) FROM jobs WHERE kind = 'mail.picture' AND state IN ('pending', 'running')").pluck().get();
        if (open === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(check.prepare("SELECT state, count(*) AS n FROM mail_sends GROUP BY state").all()).toEqual([{ state: 'sent', n: RECIPIENTS }]);
    } finally {
      check.close();
    }
    expect(server.output()).toMatch(/mail\.picture job\(s\) were running when the server stopped; running them again/);

    const counts = new Map<string, number>();
    for (const m of smtp.received) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    expect(counts.size).toBe(RECIPIENTS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const m of smtp.received) expect(documentWords(m.text)).toContain(printedWords(picture));
  }, 60_000);
});
