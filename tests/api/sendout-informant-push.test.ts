/**
 * Informants see the result: publishing (with INFORMANTS_SEE_PICTURES) queues, in the
 * publishing transaction, one "Veckans lägesbild är publicerad" push per enrolled
 * informant device with a subscription, delivered through a local push service and
 * decrypted here as the phone would; the tap opens the picture in the app (/picture).
 * Without the setting, informants get nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db/open';
import { enrolDevice, revokeDevice } from '../../server/informant/devices';
import { createJobRunner } from '../../server/jobs/runner';
import { compileDraft } from '../../server/pictures/draft';
import { publishPicture } from '../../server/pictures/publish';
import { pictureStore } from '../../server/pictures/store';
import { pushDeliveryHandler } from '../../server/push/delivery';
import { webPushSender } from '../../server/push/send';
import { ensureVapidKeys } from '../../server/push/settings';
import { upsertDeviceSubscription } from '../../server/push/subscriptions';
import { compileWeek } from '../../server/weekview/compile';
import { seedFixture } from '../support/fixture';
import { browserSubscription, startPushEndpoint, type PushEndpoint } from '../support/push-endpoint';

const W = '2026-W48';
const NOW = new Date('2026-11-26T13:00:00Z');
let dir: string;
let db: Db;
let push: PushEndpoint;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-informant-push-'));
  db = openDatabase(join(dir, 'test.sqlite'));
  push = await startPushEndpoint();
});
afterEach(async () => {
  await push.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function publish(informants: boolean) {
  const view = compileWeek({ week: W, areas: [], places: [], organisations: [], prioritisedAreaIds: [], observations: [], history: [], placeWeeks: [], weekReports: [] });
  const { content, facts } = compileDraft({ view });
  const draft = pictureStore(db).draft(W) ?? pictureStore(db).ensureDraft(W, content, NOW);
  const r = publishPicture(db, { week: W, draftVersion: draft.version, facts, prefix: 'EST', by: null, now: NOW, channels: { informants } });
  if (r.kind !== 'ok') throw new Error(r.kind);
}

describe('informants get a push when a picture is published', () => {
  it('one push per enrolled device with a subscription, opening /picture; not for revoked devices, not without the setting', async () => {
    const fx = seedFixture(db, NOW);
    const a = enrolDevice(db, fx.inviteA.code, NOW);
    const b = enrolDevice(db, fx.inviteB.code, NOW);
    if (!a.ok || !b.ok) throw new Error('enrol');
    const phoneA = browserSubscription(`${push.origin}/push/a`);
    const phoneB = browserSubscription(`${push.origin}/push/b`);
    upsertDeviceSubscription(db, { deviceId: a.deviceId, functionId: fx.fnA }, phoneA.subscription, NOW);
    upsertDeviceSubscription(db, { deviceId: b.deviceId, functionId: fx.fnB }, phoneB.subscription, NOW);
    revokeDevice(db, b.deviceId, NOW);

    publish(false);
    expect(db.prepare("SELECT count(*) FROM jobs WHERE dedupe_key LIKE 'push.informant-picture:%'").pluck().get()).toBe(0);

    publish(true);
    expect(db.prepare("SELECT dedupe_key FROM jobs WHERE dedupe_key LIKE 'push.informant-picture:%'").pluck().all()).toEqual([expect.stringMatching(/^push\.informant-picture:EST-2026-48\/2:/)]);

    const runner = createJobRunner({ db, now: () => NOW, log: () => {} });
    runner.register(pushDeliveryHandler({ db, send: webPushSender({ ...ensureVapidKeys(db), subject: 'mailto:est@localhost.example' }, { agent: push.agent }), log: () => {} }));
    await runner.tick();
    expect(push.received.map((r) => r.path)).toEqual(['/push/a']);
    expect(JSON.parse(phoneA.decrypt(push.received[0]!.body))).toEqual({
      type: 'picture',
      pictureId: W,
      week: W,
      title: 'Veckans lägesbild är publicerad',
      body: 'Samlad lägesbild vecka 48: tryck för att läsa den.',
      url: '/picture',
    });
  });
});
