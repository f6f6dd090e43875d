/**
 * The weekly send-out (veckoutskick): the published picture by e-mail to recipients
 * without accounts. Wire shapes shared by the server (server/sendout/) and the staff
 * screens. Pure; no I/O.
 */
import * as v from 'valibot';
import type { IsoWeek } from './weeks';

export type MailSendState = 'waiting' | 'sent' | 'failed' | 'skipped';

export interface RecipientListRow {
  id: number;
  name: string;
  /** "Veckans lägesbild": created with the database, cannot be deleted. */
  isDefault: boolean;
  members: number;
}

/** Admin only: the address is personal data. */
export interface RecipientRow {
  id: number;
  name: string;
  email: string;
  organisation: string;
  lists: number[];
  /** Set when the recipient unsubscribed themselves; never mailed again. */
  unsubscribedAt: string | null;
  createdAt: string;
}

export interface RecipientsResponse {
  /** SMTP_URL and MAIL_FROM are set: published pictures are e-mailed. */
  enabled: boolean;
  from: string | null;
  lists: RecipientListRow[];
  recipients: RecipientRow[];
}

/** Coordinators: one published version's send-out (no addresses). */
export interface SendoutVersionStatus {
  week: IsoWeek;
  version: number;
  sent: number;
  waiting: number;
  failed: number;
  /** Not sent on purpose: unsubscribed, the version withdrawn. */
  skipped: number;
  problems: { recipientId: number; name: string; organisation: string; error: string; at: string }[];
}

export interface SendoutStatusResponse {
  enabled: boolean;
  versions: SendoutVersionStatus[];
}

/** The e-mail as it would go out if the draft were published now. */
export interface SendoutPreview {
  enabled: boolean;
  subject: string;
  text: string;
  html: string;
  /** Recipients it would go to now (on a list, not unsubscribed). */
  recipients: number;
}

export const MAX_EMAIL = 254;
/** Deliberately plain: one @, a dot in the domain, no spaces. The SMTP server has the last word. */
export const EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

const Name = v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'is required'), v.maxLength(200, 'must be at most 200 characters'));
const Email = v.pipe(
  v.string('must be text'),
  v.trim(),
  v.maxLength(MAX_EMAIL, `must be at most ${MAX_EMAIL} characters`),
  v.regex(EMAIL_RE, 'must be an e-mail address, e.g. tib@kommun.example'),
);
const Organisation = v.pipe(v.string('must be text'), v.trim(), v.maxLength(200, 'must be at most 200 characters'));
const ListIds = v.pipe(v.array(v.pipe(v.number('must be a list id'), v.integer('must be a list id')), 'must be a list'), v.maxLength(100, 'has too many lists'));

export const RecipientCreateSchema = v.object({ name: Name, email: Email, organisation: v.optional(Organisation, ''), lists: ListIds });
export const RecipientUpdateSchema = v.object({ name: v.optional(Name), email: v.optional(Email), organisation: v.optional(Organisation), lists: v.optional(ListIds) });
export const RecipientListSchema = v.object({ name: Name });
/** CSV text (the file's content, read in the browser) into one list. */
export const RecipientImportSchema = v.object({ listId: v.pipe(v.number(), v.integer()), csv: v.pipe(v.string('must be the file as text'), v.maxLength(1_000_000, 'is larger than 1 MB')) });

export interface RecipientImportResult {
  created: number;
  /** Addresses already known: added to the list, name and organisation kept. */
  existing: number;
}

export interface RecipientImportRefused {
  error: string;
  code: 'import_invalid';
  errors: { line: number; reason: string }[];
}
