/**
 * The push feature's settings rows: VAPID keys, reminder times, scheduler state.
 * Keys are generated with web-push on first use and live in the database (with the
 * rest of the municipality's data, backed up with it) – never in the repository.
 */
import webpush from 'web-push';
import * as v from 'valibot';
import type { Db } from '../db/open';
import { DEFAULT_REMINDER_CONFIG, ReminderConfigSchema, type ReminderConfig } from '../../shared/push';
import { insertSettingIfAbsent, readSettingValue, writeSettingValue } from './store';

export const DEFAULT_VAPID_SUBJECT = 'mailto:est@localhost.example';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export interface VapidDetails extends VapidKeys {
  subject: string;
}

const KEY_VAPID = 'vapid_keys';
const KEY_SCHEDULE = 'reminder_schedule';
const KEY_LAST_RUN = 'scheduler_last_run_at';

export function readSetting(db: Db, key: string): string | undefined {
  return readSettingValue(db, key);
}

export function writeSetting(db: Db, key: string, value: string, now: Date): void {
  writeSettingValue(db, key, value, now.toISOString());
}

/**
 * The server's VAPID key pair, generated (web-push generateVAPIDKeys) and stored on
 * first call. INSERT OR IGNORE + read back: two processes racing on first start agree
 * on one pair.
 */
export function ensureVapidKeys(db: Db, now: Date = new Date()): VapidKeys {
  const stored = readSetting(db, KEY_VAPID);
  if (stored) return JSON.parse(stored) as VapidKeys;
  const keys = webpush.generateVAPIDKeys();
  insertSettingIfAbsent(db, KEY_VAPID, JSON.stringify({ publicKey: keys.publicKey, privateKey: keys.privateKey }), now.toISOString());
  return JSON.parse(readSetting(db, KEY_VAPID)!) as VapidKeys;
}

/** VAPID_SUBJECT (read in server/config.ts) must be a mailto: or https: URL the push services may contact. */
export function checkVapidSubject(subject: string): string {
  let url: URL;
  try {
    url = new URL(subject);
  } catch {
    throw new Error(`VAPID_SUBJECT must be a mailto: or https: URL, not "${subject}"`);
  }
  if (url.protocol !== 'mailto:' && url.protocol !== 'https:') {
    throw new Error(`VAPID_SUBJECT must be a mailto: or https: URL, not "${subject}"`);
  }
  return subject;
}

/** The admin's reminder times; the default (Wed 14:00, Thu 08:00) until one is saved. */
export function getReminderConfig(db: Db): ReminderConfig {
  const stored = readSetting(db, KEY_SCHEDULE);
  if (!stored) return DEFAULT_REMINDER_CONFIG;
  const parsed = v.safeParse(ReminderConfigSchema, JSON.parse(stored));
  return parsed.success ? parsed.output : DEFAULT_REMINDER_CONFIG;
}

/** Validates and stores the reminder times; throws a ValiError on bad input. */
export function setReminderConfig(db: Db, config: unknown, now: Date): ReminderConfig {
  const valid = v.parse(ReminderConfigSchema, config);
  writeReminderConfig(db, valid, now);
  return valid;
}

/** Stores reminder times already validated (the admin route parses them itself to name the field). */
export function writeReminderConfig(db: Db, config: ReminderConfig, now: Date): void {
  writeSetting(db, KEY_SCHEDULE, JSON.stringify(config), now);
}

export function getLastRunAt(db: Db): Date | null {
  const stored = readSetting(db, KEY_LAST_RUN);
  return stored ? new Date(stored) : null;
}

export function setLastRunAt(db: Db, at: Date): void {
  writeSetting(db, KEY_LAST_RUN, at.toISOString(), at);
}
