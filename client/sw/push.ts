/**
 * The service worker's push handling as plain functions, so they can be unit-tested
 * and invoked by a browser test the way a click would (CDP cannot click a notification).
 * sw.ts wires them:
 *
 *   self.addEventListener('push', (e) => {
 *     const { title, options } = handlePush(readPushData(e.data));
 *     e.waitUntil(self.registration.showNotification(title, options));
 *   });
 *   self.addEventListener('notificationclick', (e) => {
 *     e.notification.close();
 *     e.waitUntil(handleNotificationClick(e.action, e.notification.data, deps));
 *   });
 *
 * "Lugn vecka" files the calm report through the app's outbox (the injected
 * fileCalmWeek), so it survives having no network, then confirms with a notification
 * (or says the week was already reported, and files nothing).
 * "Rapportera" opens the report screen; a plain tap (also where actions are not
 * supported: Firefox, Safari/iOS) opens the app with the calm-week button focused.
 *
 * Browser tests: CDP cannot click a notification, so the test build of sw.ts also
 * answers a page's postMessage({type: 'test:notificationclick', tag, action}) by running
 * exactly what the 'notificationclick' listener runs, on the notification with that tag
 * that is shown (nothing if none is). Production builds do not carry that listener.
 */
import { parsePushPayload, type PushPayload } from '../../shared/push';
import { weekNumber } from '../../shared/weeks';

export const ICON = '/icon-192.png';
export const BADGE = '/favicon-32.png';
export const CALM_URL = '/?focus=calm';
export const REPORT_URL = '/report';
export const NO_ACTIONS_BODY = 'Har det varit lugnt? Tryck här – då är knappen "Lugn vecka" ett tryck bort.';

/** What showNotification takes (declared here: the DOM lib's NotificationOptions lacks actions). */
export interface PushNotificationOptions {
  body?: string;
  tag?: string;
  icon?: string;
  badge?: string;
  lang?: string;
  renotify?: boolean;
  requireInteraction?: boolean;
  actions?: { action: string; title: string }[];
  data?: NotificationData;
}

/** Stored on the notification; comes back in the click. */
export type NotificationData =
  | { type: 'reminder'; week: string; url: string }
  | { type: 'picture'; pictureId: string; url: string }
  | { type: 'other'; url: string };

export interface NotificationSpec {
  title: string;
  options: PushNotificationOptions;
}

/** PushMessageData → JSON if possible, else its text, else null. */
export function readPushData(data: { json(): unknown; text(): string } | null | undefined): unknown {
  if (!data) return null;
  try {
    return data.json();
  } catch {
    try {
      return data.text();
    } catch {
      return null;
    }
  }
}

function reminderTag(week: string): string {
  return `reminder-${week}`;
}

/**
 * A push message → the notification to show. Every push must show one (browsers
 * penalise silent pushes), so an unknown or empty message becomes a neutral
 * "open the app" notification.
 */
export function handlePush(eventData: unknown, opts: { maxActions?: number } = {}): NotificationSpec {
  let parsed: unknown = eventData;
  if (typeof eventData === 'string') {
    try {
      parsed = JSON.parse(eventData);
    } catch {
      parsed = null;
    }
  }
  const payload: PushPayload | null = parsePushPayload(parsed);
  if (payload?.type === 'reminder') {
    // Where actions are not shown (Notification.maxActions 0: Firefox, Safari/iOS) the
    // body must not point at buttons that are not there: the tap opens the calm button.
    const withActions = (opts.maxActions ?? 2) > 0 && payload.actions.length > 0;
    const options: PushNotificationOptions = {
      body: withActions ? payload.body : NO_ACTIONS_BODY,
      tag: reminderTag(payload.week), // Thursday's nudge replaces Wednesday's
      renotify: true,
      icon: ICON,
      badge: BADGE,
      lang: 'sv',
      data: { type: 'reminder', week: payload.week, url: CALM_URL },
    };
    if (withActions) options.actions = payload.actions.map((a) => ({ action: a.action, title: a.title }));
    return { title: payload.title, options };
  }
  if (payload?.type === 'picture') {
    return {
      title: payload.title,
      options: {
        body: payload.body,
        tag: `picture-${payload.pictureId}`,
        icon: ICON,
        badge: BADGE,
        lang: 'sv',
        data: { type: 'picture', pictureId: payload.pictureId, url: payload.url },
      },
    };
  }
  return {
    title: 'Lägesbild',
    options: { body: 'Öppna appen för att se vad som är nytt.', tag: 'lagesbild', icon: ICON, badge: BADGE, lang: 'sv', data: { type: 'other', url: '/' } },
  };
}

/** What filing a calm week from the notification did. */
export type CalmFiled = 'sent' | 'queued' | 'already-reported';

export interface ClickDeps {
  /**
   * Files the calm report for the week through the app's outbox and tries to send it:
   * 'sent' (the server has it), 'queued' (in the outbox, sent later by the app or
   * Background Sync), 'already-reported' (the function has a report for the week: nothing
   * filed). Throws when it cannot file (e.g. the device is not enrolled).
   */
  fileCalmWeek(week: string): Promise<CalmFiled>;
  /** Focuses an open app window (navigating it) or opens a new one. */
  openWindow(url: string): Promise<void>;
  showNotification(title: string, options: PushNotificationOptions): Promise<void>;
}

export type ClickOutcome =
  | { kind: 'filed-calm'; week: string; sent: boolean }
  | { kind: 'already-reported'; week: string }
  | { kind: 'opened'; url: string; reason?: 'calm-failed' };

function readData(data: unknown): NotificationData {
  if (typeof data === 'object' && data !== null) {
    const d = data as Record<string, unknown>;
    const url = typeof d.url === 'string' && d.url.startsWith('/') && !d.url.startsWith('//') ? d.url : '/';
    if (d.type === 'reminder' && typeof d.week === 'string') return { type: 'reminder', week: d.week, url };
    if (d.type === 'picture' && typeof d.pictureId === 'string') return { type: 'picture', pictureId: d.pictureId, url };
    return { type: 'other', url };
  }
  return { type: 'other', url: '/' };
}

/**
 * A click on the notification (action '' = the body) → what to do.
 * - 'calm' on a reminder: file the calm report, then confirm; if filing fails (e.g. the
 *   device is not enrolled any more), open the app on the calm-week button instead.
 * - 'report': open the report screen.
 * - plain tap: a reminder opens the app with the calm-week button focused; others their url.
 */
export async function handleNotificationClick(action: string, data: unknown, deps: ClickDeps): Promise<ClickOutcome> {
  const d = readData(data);
  if (d.type === 'reminder' && action === 'calm') {
    let filed: CalmFiled;
    try {
      filed = await deps.fileCalmWeek(d.week);
    } catch {
      await deps.openWindow(CALM_URL);
      return { kind: 'opened', url: CALM_URL, reason: 'calm-failed' };
    }
    const n = safeWeekNumber(d.week);
    const confirm = (title: string, body: string) =>
      deps.showNotification(title, {
        body,
        tag: reminderTag(d.week), // replaces the reminder
        icon: ICON,
        badge: BADGE,
        lang: 'sv',
        data: { type: 'other', url: '/' },
      });
    if (filed === 'already-reported') {
      await confirm('Redan rapporterat', `Vecka ${n} är redan rapporterad – inget nytt har skickats.`);
      return { kind: 'already-reported', week: d.week };
    }
    await confirm(
      'Lugn vecka rapporterad',
      filed === 'sent'
        ? `Vecka ${n} är rapporterad som lugn. Tack!`
        : `Vecka ${n} är rapporterad som lugn. Tack! Rapporten skickas så fort telefonen har nät.`,
    );
    return { kind: 'filed-calm', week: d.week, sent: filed === 'sent' };
  }
  if (d.type === 'reminder' && action === 'report') {
    await deps.openWindow(REPORT_URL);
    return { kind: 'opened', url: REPORT_URL };
  }
  const url = d.type === 'reminder' ? CALM_URL : d.url;
  await deps.openWindow(url);
  return { kind: 'opened', url };
}

function safeWeekNumber(week: string): string {
  try {
    return String(weekNumber(week));
  } catch {
    return week;
  }
}
