/**
 * The audit log's event names in words (the log stores stable codes such as
 * `invite.withdraw`; people read "Inbjudan återkallad"). Used by the admin screen and
 * the CSV export, so both say the same.
 */
export const AUDIT_ACTIONS: Record<string, { sv: string; en: string }> = {
  'auth.login': { sv: 'Inloggning', en: 'Log-in' },
  'auth.login_failed': { sv: 'Misslyckad inloggning', en: 'Failed log-in' },
  'auth.logout': { sv: 'Utloggning', en: 'Log-out' },
  'auth.setup': { sv: 'Första administratören skapad', en: 'First administrator created' },
  'staff.create': { sv: 'Konto skapat', en: 'Account created' },
  'staff.update': { sv: 'Konto ändrat', en: 'Account changed' },
  'staff.password_reset': { sv: 'Lösenord bytt', en: 'Password reset' },
  'organisation.create': { sv: 'Organisation tillagd', en: 'Organisation added' },
  'organisation.update': { sv: 'Organisation ändrad', en: 'Organisation changed' },
  'organisation.delete': { sv: 'Organisation borttagen', en: 'Organisation removed' },
  'area.create': { sv: 'Område tillagt', en: 'Area added' },
  'area.update': { sv: 'Område ändrat', en: 'Area changed' },
  'area.delete': { sv: 'Område borttaget', en: 'Area removed' },
  'area.import': { sv: 'Områden importerade (GeoJSON)', en: 'Areas imported (GeoJSON)' },
  'place.create': { sv: 'Plats tillagd', en: 'Place added' },
  'place.update': { sv: 'Plats ändrad', en: 'Place changed' },
  'place.delete': { sv: 'Plats borttagen', en: 'Place removed' },
  'function.create': { sv: 'Funktion tillagd', en: 'Function added' },
  'function.update': { sv: 'Funktion ändrad', en: 'Function changed' },
  'function.delete': { sv: 'Funktion borttagen', en: 'Function removed' },
  'invite.create': { sv: 'Inbjudan skapad', en: 'Invite created' },
  'invite.withdraw': { sv: 'Inbjudan återkallad', en: 'Invite withdrawn' },
  'device.enrol': { sv: 'Enhet registrerad', en: 'Device enrolled' },
  'device.revoke': { sv: 'Enhet spärrad', en: 'Device revoked' },
  'device.label': { sv: 'Enhet namngiven', en: 'Device labelled' },
  'picture.publish': { sv: 'Lägesbild publicerad', en: 'Picture published' },
  'reminders.update': { sv: 'Påminnelsetider ändrade', en: 'Reminder times changed' },
};

/** What the admin can filter the log by: the groups of events (the part before the dot). */
export const AUDIT_GROUPS = ['auth', 'staff', 'organisation', 'area', 'place', 'function', 'invite', 'device', 'picture', 'reminders'] as const;
export type AuditGroup = (typeof AUDIT_GROUPS)[number];

export function auditActionText(action: string, lang: 'sv' | 'en'): string {
  return AUDIT_ACTIONS[action]?.[lang] ?? action;
}
