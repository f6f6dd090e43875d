import { describe, expect, it } from 'vitest';
import { CALM_URL, NO_ACTIONS_BODY, REPORT_URL, handleNotificationClick, handlePush, readPushData, type CalmFiled, type ClickDeps, type PushNotificationOptions } from '../../client/sw/push';
import { picturePayload, reminderPayload } from '../../shared/push';

function fakes(over: Partial<ClickDeps> = {}) {
  const calls: string[] = [];
  const shown: { title: string; options: PushNotificationOptions }[] = [];
  const deps: ClickDeps = {
    fileCalmWeek: async (week): Promise<CalmFiled> => {
      calls.push(`calm:${week}`);
      return 'sent';
    },
    openWindow: async (url) => {
      calls.push(`open:${url}`);
    },
    showNotification: async (title, options) => {
      calls.push(`show:${title}`);
      shown.push({ title, options });
    },
    ...over,
  };
  return { deps, calls, shown };
}

describe('handlePush', () => {
  it('shows the reminder with the week, both actions and the data the click needs', () => {
    const { title, options } = handlePush(reminderPayload('2026-W48'));
    expect(title).toBe('Vecka 48 – dags att rapportera');
    expect(options.actions).toEqual([
      { action: 'calm', title: 'Lugn vecka' },
      { action: 'report', title: 'Rapportera' },
    ]);
    expect(options.tag).toBe('reminder-2026-W48');
    expect(options.data).toEqual({ type: 'reminder', week: '2026-W48', url: CALM_URL });
    expect(options.body).toMatch(/Lugn vecka/);
  });

  it('leaves the actions out where the platform shows none (maxActions 0), and says the tap leads to the calm button', () => {
    const { title, options } = handlePush(reminderPayload('2026-W48'), { maxActions: 0 });
    expect(title).toBe('Vecka 48 – dags att rapportera');
    expect(options.actions).toBeUndefined();
    expect(options.body).toBe(NO_ACTIONS_BODY);
    expect(options.data).toEqual({ type: 'reminder', week: '2026-W48', url: CALM_URL });
    expect(handlePush(reminderPayload('2026-W48'), { maxActions: 2 }).options.actions).toHaveLength(2);
  });

  it('accepts the payload as JSON text too (PushMessageData.text())', () => {
    expect(handlePush(JSON.stringify(reminderPayload('2026-W01'))).title).toBe('Vecka 1 – dags att rapportera');
    expect(readPushData({ json: () => ({ a: 1 }), text: () => '' })).toEqual({ a: 1 });
    expect(readPushData({ json: () => { throw new SyntaxError('x'); }, text: () => 'plain' })).toBe('plain');
    expect(readPushData(null)).toBeNull();
  });

  it('shows a picture push with its link', () => {
    const { title, options } = handlePush(picturePayload({ id: 'p1', week: '2026-W47' }));
    expect(title).toBe('Ny lägesbild för vecka 47');
    expect(options.data).toEqual({ type: 'picture', pictureId: 'p1', url: '/pictures/p1' });
    expect(options.actions).toBeUndefined();
  });

  it('always shows something, even for an unknown or empty message', () => {
    for (const data of [null, 'garbage', { type: 'x' }, 42]) {
      const { title, options } = handlePush(data);
      expect(title).toBe('Lägesbild');
      expect(options.data).toEqual({ type: 'other', url: '/' });
    }
  });
});

describe('handleNotificationClick', () => {
  const data = handlePush(reminderPayload('2026-W48')).options.data;

  it('"Lugn vecka" files the calm report through the outbox, then confirms – without opening the app', async () => {
    const { deps, calls, shown } = fakes();
    expect(await handleNotificationClick('calm', data, deps)).toEqual({ kind: 'filed-calm', week: '2026-W48', sent: true });
    expect(calls).toEqual(['calm:2026-W48', 'show:Lugn vecka rapporterad']);
    expect(shown[0]!.options.tag).toBe('reminder-2026-W48');
    expect(shown[0]!.options.body).toBe('Vecka 48 är rapporterad som lugn. Tack!');
  });

  it('offline: the calm report is queued, and the confirmation says it is sent when there is network', async () => {
    const { deps, calls, shown } = fakes({ fileCalmWeek: async () => 'queued' });
    expect(await handleNotificationClick('calm', data, deps)).toEqual({ kind: 'filed-calm', week: '2026-W48', sent: false });
    expect(calls).toEqual(['show:Lugn vecka rapporterad']);
    expect(shown[0]!.options.body).toMatch(/^Vecka 48 är rapporterad som lugn\. Tack! Rapporten skickas så fort telefonen har nät\.$/);
  });

  it('a week already reported: files nothing, and says so', async () => {
    const { deps, calls, shown } = fakes({ fileCalmWeek: async () => 'already-reported' });
    expect(await handleNotificationClick('calm', data, deps)).toEqual({ kind: 'already-reported', week: '2026-W48' });
    expect(calls).toEqual(['show:Redan rapporterat']);
    expect(shown[0]!.options.body).toBe('Vecka 48 är redan rapporterad – inget nytt har skickats.');
    expect(shown[0]!.options.tag).toBe('reminder-2026-W48');
  });

  it('opens the app on the calm button when filing fails (e.g. not enrolled)', async () => {
    const { deps, calls } = fakes({
      fileCalmWeek: async () => {
        throw new Error('device is not enrolled');
      },
    });
    expect(await handleNotificationClick('calm', data, deps)).toEqual({ kind: 'opened', url: CALM_URL, reason: 'calm-failed' });
    expect(calls).toEqual([`open:${CALM_URL}`]);
  });

  it('"Rapportera" opens the report screen', async () => {
    const { deps, calls } = fakes();
    expect(await handleNotificationClick('report', data, deps)).toEqual({ kind: 'opened', url: REPORT_URL });
    expect(calls).toEqual(['open:/report']);
  });

  it('a plain tap opens the app with the calm-week button focused', async () => {
    const { deps, calls } = fakes();
    expect(await handleNotificationClick('', data, deps)).toEqual({ kind: 'opened', url: '/?focus=calm' });
    expect(calls).toEqual(['open:/?focus=calm']);
  });

  it('a tap on a picture push opens the picture; odd data opens the start page', async () => {
    const { deps, calls } = fakes();
    await handleNotificationClick('', handlePush(picturePayload({ id: 'p1' })).options.data, deps);
    await handleNotificationClick('calm', { type: 'other', url: 'https://evil.example/' }, deps);
    await handleNotificationClick('', undefined, deps);
    expect(calls).toEqual(['open:/pictures/p1', 'open:/', 'open:/']);
  });
});
