/**
 * All SQL of the compiled picture: drafts with optimistic concurrency, and
 * immutable published versions. Needs migration 0003-pictures.sql.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import {
  PICTURE_FOOTER_SV,
  registerNumber,
  type PictureContent,
  type PictureFacts,
  type PictureWithdrawal,
  type PublishedPicture,
  type PublishedSummary,
} from '../../shared/pictures';
import type { IsoWeek } from '../../shared/weeks';
import { findPersonalDataInPicture, type PictureFinding } from './guard';

export interface StoredDraft {
  week: IsoWeek;
  version: number;
  content: PictureContent;
  updatedAt: string;
}

export type SaveOutcome =
  | { ok: true; version: number; updatedAt: string }
  | { ok: false; reason: 'conflict'; currentVersion: number; updatedAt: string }
  | { ok: false; reason: 'missing' };

export type PublishOutcome =
  | { ok: true; picture: PublishedPicture }
  | { ok: false; reason: 'personal_data'; findings: PictureFinding[] };

export type WithdrawOutcome = { ok: true; picture: PublishedSummary } | { ok: false; reason: 'missing' | 'already_withdrawn' };

export interface PictureStore {
  draft(week: IsoWeek): StoredDraft | undefined;
  /** Creates the week's draft if there is none; returns the stored one either way. */
  ensureDraft(week: IsoWeek, content: PictureContent, now: Date, by?: string | null): StoredDraft;
  /** Saves over `baseVersion` only: anything else is a conflict, never a silent overwrite. */
  saveDraft(week: IsoWeek, baseVersion: number, content: PictureContent, now: Date, by?: string | null): SaveOutcome;
  /** Publishes the next version of the week (1, 2, …) unless the guard finds personal data. */
  publish(week: IsoWeek, content: PictureContent, facts: PictureFacts, opts: { prefix: string; now: Date; by?: string | null }): PublishOutcome;
  /** One version; without `version` the latest that is not withdrawn. */
  published(week: IsoWeek, version?: number): PublishedPicture | undefined;
  /** Every published version, newest week first, withdrawn ones marked. */
  list(): PublishedSummary[];
  /** Takes a published version back (a row in picture_withdrawals; the picture stays). */
  withdraw(week: IsoWeek, version: number, reason: string, by: string, now: Date): WithdrawOutcome;
}

interface DraftRow {
  week: string;
  version: number;
  content: string;
  updated_at: string;
}
interface PictureRow {
  week: string;
  register_number: string;
  version: number;
  content: string;
  facts: string;
  published_at: string;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
}

/** One store per database handle: its statements are prepared once. */
export const pictureStore = prepared((db: Db): PictureStore => {
  const getDraft = db.prepare<[string], DraftRow>('SELECT week, version, content, updated_at FROM picture_drafts WHERE week = ?');
  const insertDraft = db.prepare(
    'INSERT OR IGNORE INTO picture_drafts (week, content, version, created_at, updated_at, updated_by) VALUES (?, ?, 1, ?, ?, ?)',
  );
  const updateDraft = db.prepare(
    'UPDATE picture_drafts SET content = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE week = ? AND version = ?',
  );
  const lastVersion = db.prepare<[string], { v: number | null }>('SELECT max(version) AS v FROM pictures WHERE week = ?');
  const insertPicture = db.prepare(
    `INSERT INTO pictures (id, week, register_number, version, content, facts, published_at, published_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const WITHDRAWAL = `LEFT JOIN picture_withdrawals w ON w.week = p.week AND w.version = p.version`;
  const getPicture = db.prepare<[string, number], PictureRow>(
    `SELECT p.week, p.register_number, p.version, p.content, p.facts, p.published_at,
            w.withdrawn_at, w.reason AS withdrawal_reason
       FROM pictures p ${WITHDRAWAL} WHERE p.week = ? AND p.version = ?`,
  );
  const lastShownVersion = db.prepare<[string], { v: number | null }>(
    `SELECT max(p.version) AS v FROM pictures p ${WITHDRAWAL} WHERE p.week = ? AND w.week IS NULL`,
  );
  const listPictures = db.prepare<[], Omit<PictureRow, 'content' | 'facts'>>(
    `SELECT p.week, p.register_number, p.version, p.published_at, w.withdrawn_at, w.reason AS withdrawal_reason
       FROM pictures p ${WITHDRAWAL} ORDER BY p.week DESC, p.version DESC`,
  );
  const insertWithdrawal = db.prepare(
    'INSERT OR IGNORE INTO picture_withdrawals (week, version, reason, withdrawn_by, withdrawn_at) VALUES (?, ?, ?, ?, ?)',
  );
  const withdrawalOf = (r: { withdrawn_at: string | null; withdrawal_reason: string | null }): PictureWithdrawal | null =>
    r.withdrawn_at === null ? null : { at: r.withdrawn_at, reason: r.withdrawal_reason ?? '' };
  const toSummary = (r: Omit<PictureRow, 'content' | 'facts'>): PublishedSummary => ({
    week: r.week,
    registerNumber: r.register_number,
    version: r.version,
    publishedAt: r.published_at,
    withdrawn: withdrawalOf(r),
  });

  const toDraft = (r: DraftRow): StoredDraft => ({
    week: r.week,
    version: r.version,
    content: JSON.parse(r.content) as PictureContent,
    updatedAt: r.updated_at,
  });
  const toPicture = (r: PictureRow): PublishedPicture => ({
    week: r.week,
    registerNumber: r.register_number,
    version: r.version,
    content: JSON.parse(r.content) as PictureContent,
    facts: JSON.parse(r.facts) as PictureFacts,
    publishedAt: r.published_at,
    footer: PICTURE_FOOTER_SV,
    withdrawn: withdrawalOf(r),
  });

  const store: PictureStore = {
    draft(week) {
      const r = getDraft.get(week);
      return r ? toDraft(r) : undefined;
    },
    ensureDraft: db.transaction((week: IsoWeek, content: PictureContent, now: Date, by?: string | null) => {
      const at = now.toISOString();
      insertDraft.run(week, JSON.stringify(content), at, at, by ?? null);
      return toDraft(getDraft.get(week)!);
    }),
    saveDraft: db.transaction((week: IsoWeek, baseVersion: number, content: PictureContent, now: Date, by?: string | null): SaveOutcome => {
      const at = now.toISOString();
      const changed = updateDraft.run(JSON.stringify(content), at, by ?? null, week, baseVersion).changes;
      const row = getDraft.get(week);
      if (!row) return { ok: false, reason: 'missing' };
      if (changed === 0) return { ok: false, reason: 'conflict', currentVersion: row.version, updatedAt: row.updated_at };
      return { ok: true, version: row.version, updatedAt: row.updated_at };
    }),
    publish: db.transaction((week: IsoWeek, content: PictureContent, facts: PictureFacts, opts: { prefix: string; now: Date; by?: string | null }): PublishOutcome => {
      const findings = findPersonalDataInPicture(content);
      if (findings.length > 0) return { ok: false, reason: 'personal_data', findings };
      const version = (lastVersion.get(week)?.v ?? 0) + 1;
      const reg = registerNumber(opts.prefix, week);
      const at = opts.now.toISOString();
      insertPicture.run(randomUUID(), week, reg, version, JSON.stringify(content), JSON.stringify(facts), at, opts.by ?? null);
      return { ok: true, picture: { week, registerNumber: reg, version, content, facts, publishedAt: at, footer: PICTURE_FOOTER_SV, withdrawn: null } };
    }),
    published(week, version) {
      const v = version ?? lastShownVersion.get(week)?.v;
      if (v === null || v === undefined) return undefined;
      const r = getPicture.get(week, v);
      return r ? toPicture(r) : undefined;
    },
    list: () => listPictures.all().map(toSummary),
    withdraw: db.transaction((week: IsoWeek, version: number, reason: string, by: string, now: Date): WithdrawOutcome => {
      const r = getPicture.get(week, version);
      if (!r) return { ok: false, reason: 'missing' };
      if (r.withdrawn_at !== null) return { ok: false, reason: 'already_withdrawn' };
      insertWithdrawal.run(week, version, reason, by, now.toISOString());
      return { ok: true, picture: toSummary(getPicture.get(week, version)!) };
    }),
  };
  return store;
});
