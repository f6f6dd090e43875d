import type { Db } from '../db/open';
import type { StaffRole } from '../../shared/admin';
import { audit } from '../audit/log';
import { hashPassword } from './password';
import { deleteSessionsOf } from './sessions';
import { findStaffByEmail, insertStaff, setPasswordHash } from './staff';
import { newSecret } from './tokens';

/** Fictional staff of the demo municipality Älvstad (addresses under the reserved .example domain). */
export const DEMO_STAFF: { role: StaffRole; email: string; name: string }[] = [
  { role: 'admin', email: 'admin@alvstad.example', name: 'Demo Administratör' },
  { role: 'coordinator', email: 'samordnare@alvstad.example', name: 'Demo Samordnare' },
  { role: 'reader', email: 'lasare@alvstad.example', name: 'Demo Läsare' },
];

/**
 * With --demo: makes sure the demo staff accounts exist and gives each a fresh
 * random password, printed once at this start (like the demo invites). A real
 * account that happens to use one of these addresses is left alone.
 */
export async function issueDemoStaff(db: Db, now: Date): Promise<{ role: StaffRole; email: string; password: string }[]> {
  const issued = await Promise.all(
    DEMO_STAFF.map(async (s) => {
      const password = newSecret(12);
      return { ...s, password, hash: await hashPassword(password) };
    }),
  );
  return db.transaction(() => {
    const out: { role: StaffRole; email: string; password: string }[] = [];
    for (const s of issued) {
      const existing = findStaffByEmail(db, s.email);
      if (existing && !existing.demo) continue;
      if (existing) {
        setPasswordHash(db, existing.id, s.hash, now);
        deleteSessionsOf(db, existing.id);
      } else {
        const created = insertStaff(db, { email: s.email, name: s.name, role: s.role, passwordHash: s.hash, demo: true }, now);
        audit(db, { actor: { type: 'system' }, action: 'staff.create', target: `staff:${created.id}`, detail: { role: s.role, demo: true }, at: now });
      }
      out.push({ role: s.role, email: s.email, password: s.password });
    }
    return out;
  })();
}
