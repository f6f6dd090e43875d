/**
 * All SQL of the weekly send-out (migration 0009-sendout.sql): recipient lists, recipients
 * (personal data: admin routes only), and the per-(version, recipient) send records.
 */
import type { Db } from '../db/open';
import { prepared } from '../db/prepared';
import type { MailSendState, RecipientListRow, RecipientRow, SendoutVersionStatus } from '../../shared/sendout';

interface ListRow {
  id: number;
  name: string;
  is_default: number;
  members: number;
}
interface RecipientDbRow {
  id: number;
  name: string;
  email: string;
  organisation: string;
  unsubscribed_at: string | null;
  created_at: string;
  lists: string | null;
}

const sql = prepared((db) => ({
  lists: db.prepare<[], ListRow>(
    `SELECT l.id, l.name, l.is_default, (SELECT count(*) FROM recipient_list_members m WHERE m.list_id = l.id) AS members
       FROM recipient_lists l ORDER BY l.is_default DESC, l.name`,
  ),
  list: db.prepare<[number], ListRow>(
    'SELECT id, name, is_default, (SELECT count(*) FROM recipient_list_members m WHERE m.list_id = id) AS members FROM recipient_lists WHERE id = ?',
  ),
  listByName: db.prepare<[string], { id: number }>('SELECT id FROM recipient_lists WHERE name = ?'),
  insertList: db.prepare('INSERT INTO recipient_lists (name, is_default, created_at) VALUES (?, 0, ?)'),
  renameList: db.prepare('UPDATE recipient_lists SET name = ? WHERE id = ?'),
  deleteList: db.prepare('DELETE FROM recipient_lists WHERE id = ? AND is_default = 0'),
  recipients: db.prepare<[], RecipientDbRow>(
    `SELECT r.id, r.name, r.email, r.organisation, r.unsubscribed_at, r.created_at,
            (SELECT json_group_array(m.list_id) FROM recipient_list_members m WHERE m.recipient_id = r.id) AS lists
       FROM recipients r ORDER BY r.organisation, r.name, r.id`,
  ),
  recipient: db.prepare<[number], RecipientDbRow>(
    `SELECT r.id, r.name, r.email, r.organisation, r.unsubscribed_at, r.created_at,
            (SELECT json_group_array(m.list_id) FROM recipient_list_members m WHERE m.recipient_id = r.id) AS lists
       FROM recipients r WHERE r.id = ?`,
  ),
  recipientByEmail: db.prepare<[string], { id: number }>('SELECT id FROM recipients WHERE email = ?'),
  insertRecipient: db.prepare('INSERT INTO recipients (name, email, organisation, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
  updateRecipient: db.prepare('UPDATE recipients SET name = ?, email = ?, organisation = ?, updated_at = ? WHERE id = ?'),
  deleteRecipient: db.prepare('DELETE FROM recipients WHERE id = ?'),
  unsubscribe: db.prepare('UPDATE recipients SET unsubscribed_at = ?, updated_at = ? WHERE id = ? AND unsubscribed_at IS NULL'),
  addMember: db.prepare('INSERT OR IGNORE INTO recipient_list_members (list_id, recipient_id) VALUES (?, ?)'),
  clearMembers: db.prepare('DELETE FROM recipient_list_members WHERE recipient_id = ?'),
  /** Whoever should get a published picture: on at least one list, not unsubscribed. */
  pictureRecipients: db.prepare<[], { id: number }>(
    `SELECT r.id FROM recipients r
      WHERE r.unsubscribed_at IS NULL AND EXISTS (SELECT 1 FROM recipient_list_members m WHERE m.recipient_id = r.id)
      ORDER BY r.id`,
  ),
  insertSend: db.prepare("INSERT OR IGNORE INTO mail_sends (week, version, recipient_id, state, queued_at, updated_at) VALUES (?, ?, ?, 'waiting', ?, ?)"),
  send: db.prepare<[string, number, number], { state: MailSendState; attempts: number }>(
    'SELECT state, attempts FROM mail_sends WHERE week = ? AND version = ? AND recipient_id = ?',
  ),
  markSent: db.prepare("UPDATE mail_sends SET state = 'sent', sent_at = ?, updated_at = ?, attempts = attempts + 1, last_error = NULL WHERE week = ? AND version = ? AND recipient_id = ?"),
  markAttempt: db.prepare('UPDATE mail_sends SET state = ?, attempts = attempts + 1, last_error = ?, updated_at = ? WHERE week = ? AND version = ? AND recipient_id = ? AND state <> \'sent\''),
  markSkipped: db.prepare("UPDATE mail_sends SET state = 'skipped', last_error = ?, updated_at = ? WHERE week = ? AND version = ? AND recipient_id = ? AND state <> 'sent'"),
  resetFailed: db.prepare("UPDATE mail_sends SET state = 'waiting', last_error = NULL, updated_at = ? WHERE week = ? AND version = ? AND state = 'failed'"),
  failedOf: db.prepare<[string, number], { recipient_id: number }>("SELECT recipient_id FROM mail_sends WHERE week = ? AND version = ? AND state = 'failed'"),
  statusCounts: db.prepare<[], { week: string; version: number; state: MailSendState; n: number }>(
    'SELECT week, version, state, count(*) AS n FROM mail_sends GROUP BY week, version, state',
  ),
  failures: db.prepare<[], { week: string; version: number; recipient_id: number; name: string; organisation: string; last_error: string | null; updated_at: string }>(
    `SELECT s.week, s.version, s.recipient_id, r.name, r.organisation, s.last_error, s.updated_at
       FROM mail_sends s JOIN recipients r ON r.id = s.recipient_id
      WHERE s.state IN ('failed', 'skipped') ORDER BY s.week DESC, s.version DESC, r.name`,
  ),
  pendingJobsOf: db.prepare("DELETE FROM jobs WHERE kind = 'mail.picture' AND state = 'pending' AND json_extract(payload, '$.recipientId') = ?"),
}));

const toList = (r: ListRow): RecipientListRow => ({ id: r.id, name: r.name, isDefault: r.is_default === 1, members: r.members });
const toRecipient = (r: RecipientDbRow): RecipientRow => ({
  id: r.id,
  name: r.name,
  email: r.email,
  organisation: r.organisation,
  lists: r.lists ? (JSON.parse(r.lists) as number[]).sort((a, b) => a - b) : [],
  unsubscribedAt: r.unsubscribed_at,
  createdAt: r.created_at,
});

export function sendoutStore(db: Db) {
  const s = sql(db);
  return {
    lists: () => s.lists.all().map(toList),
    list: (id: number) => {
      const r = s.list.get(id);
      return r ? toList(r) : undefined;
    },
    listIdByName: (name: string) => s.listByName.get(name)?.id,
    createList: (name: string, now: Date) => Number(s.insertList.run(name, now.toISOString()).lastInsertRowid),
    renameList: (id: number, name: string) => s.renameList.run(name, id).changes === 1,
    /** The default list cannot be deleted (false). Members stay recipients (of their other lists, or of none). */
    deleteList: (id: number) => s.deleteList.run(id).changes === 1,

    recipients: () => s.recipients.all().map(toRecipient),
    recipient: (id: number) => {
      const r = s.recipient.get(id);
      return r ? toRecipient(r) : undefined;
    },
    recipientIdByEmail: (email: string) => s.recipientByEmail.get(email)?.id,
    createRecipient(r: { name: string; email: string; organisation: string; lists: number[] }, now: Date): number {
      const at = now.toISOString();
      const id = Number(s.insertRecipient.run(r.name, r.email, r.organisation, at, at).lastInsertRowid);
      for (const l of r.lists) s.addMember.run(l, id);
      return id;
    },
    updateRecipient(id: number, r: { name: string; email: string; organisation: string; lists?: number[] }, now: Date): void {
      s.updateRecipient.run(r.name, r.email, r.organisation, now.toISOString(), id);
      if (r.lists) {
        s.clearMembers.run(id);
        for (const l of r.lists) s.addMember.run(l, id);
      }
    },
    addMember: (listId: number, recipientId: number) => s.addMember.run(listId, recipientId).changes === 1,
    /** For real: the row, its memberships and send records (cascade) and its jobs not yet run. */
    deleteRecipient(id: number): boolean {
      s.pendingJobsOf.run(id);
      return s.deleteRecipient.run(id).changes === 1;
    },
    /** True the first time; an unsubscribed recipient is never mailed again. Pending jobs are closed at send time. */
    unsubscribe: (id: number, now: Date) => s.unsubscribe.run(now.toISOString(), now.toISOString(), id).changes === 1,

    pictureRecipients: () => s.pictureRecipients.all().map((r) => r.id),
    /** The send record of one message; written with its job (false if it existed already). */
    recordQueued: (week: string, version: number, recipientId: number, now: Date) =>
      s.insertSend.run(week, version, recipientId, now.toISOString(), now.toISOString()).changes === 1,
    sendState: (week: string, version: number, recipientId: number) => s.send.get(week, version, recipientId),
    markSent: (week: string, version: number, recipientId: number, now: Date) => {
      s.markSent.run(now.toISOString(), now.toISOString(), week, version, recipientId);
    },
    markAttempt: (week: string, version: number, recipientId: number, state: 'waiting' | 'failed', error: string, now: Date) => {
      s.markAttempt.run(state, error.slice(0, 500), now.toISOString(), week, version, recipientId);
    },
    markSkipped: (week: string, version: number, recipientId: number, reason: string, now: Date) => {
      s.markSkipped.run(reason, now.toISOString(), week, version, recipientId);
    },
    /** Failed messages of a version back to waiting; returns their recipients (to queue again). */
    resetFailed(week: string, version: number, now: Date): number[] {
      const ids = s.failedOf.all(week, version).map((r) => r.recipient_id);
      s.resetFailed.run(now.toISOString(), week, version);
      return ids;
    },

    /** Per published version with a send-out: counts and the failures with their reasons (no addresses). */
    status(): SendoutVersionStatus[] {
      const byVersion = new Map<string, SendoutVersionStatus>();
      const entry = (week: string, version: number) => {
        const key = `${week}/${version}`;
        let e = byVersion.get(key);
        if (!e) byVersion.set(key, (e = { week, version, sent: 0, waiting: 0, failed: 0, skipped: 0, problems: [] }));
        return e;
      };
      for (const r of s.statusCounts.all()) entry(r.week, r.version)[r.state] += r.n;
      for (const f of s.failures.all()) {
        entry(f.week, f.version).problems.push({ recipientId: f.recipient_id, name: f.name, organisation: f.organisation, error: f.last_error ?? '', at: f.updated_at });
      }
      return [...byVersion.values()].sort((a, b) => (a.week === b.week ? b.version - a.version : a.week < b.week ? 1 : -1));
    },
  };
}
export type SendoutStore = ReturnType<typeof sendoutStore>;
