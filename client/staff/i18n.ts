/**
 * The staff screens' language and their one way to make a `t()` from a dictionary.
 * Admin and coordinator screens each own a dictionary (admin/i18n.ts,
 * coordinator/i18n.ts) and build their `t` with `dictionary()`; the shell's own
 * strings – header, log-in, first-run setup, failures – are below and available
 * through every section's `t`. Swedish is the default; the choice of English is
 * remembered in this browser. None of this is in the informant bundle (the
 * informant's strings are client/ui/i18n.ts).
 */
import { createSignal } from 'solid-js';

export type StaffLang = 'sv' | 'en';
type Vars = Record<string, string | number>;

const STORAGE_KEY = 'lagesbild.staff.lang';
// Where earlier versions kept the admin's and the coordinator's choice: read so the choice survives an update.
const EARLIER_KEYS = ['lagesbild.coordinator.lang', 'lagesbild.admin.lang'];

function storedLang(): StaffLang {
  try {
    for (const key of [STORAGE_KEY, ...EARLIER_KEYS]) {
      const v = localStorage.getItem(key);
      if (v === 'sv' || v === 'en') return v;
    }
  } catch {
    /* no storage (private mode): Swedish */
  }
  return 'sv';
}

const [lang, setLangSignal] = createSignal<StaffLang>(typeof localStorage === 'undefined' ? 'sv' : storedLang());
export { lang };

export function setLang(l: StaffLang): void {
  setLangSignal(l);
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* private mode: the choice lasts for this page */
  }
  document.documentElement.lang = l;
}

/** The language's plural form of a count: `plural(1, 'kopplad iakttagelse', 'kopplade iakttagelser')`. */
export function plural(n: number, one: string, other: string, l: StaffLang = lang()): string {
  return new Intl.PluralRules(l === 'en' ? 'en-GB' : 'sv-SE').select(n) === 'one' ? one : other;
}

/**
 * A `t(key, vars)` over a Swedish and an English dictionary. `{name}` placeholders are
 * filled from vars; `{n:one|other}` picks the plural form by the number in `n`
 * ('{n} {n:kopplad iakttagelse|kopplade iakttagelser}' → "1 kopplad iakttagelse",
 * "2 kopplade iakttagelser").
 */
export function dictionary<K extends string>(sv: Record<K, string>, en: Record<K, string>): (key: K, vars?: Vars) => string {
  return (key, vars = {}) => {
    const l = lang();
    const text = (l === 'en' ? en[key] : sv[key]) ?? sv[key] ?? key;
    return text
      .replace(/\{(\w+):([^|{}]*)\|([^{}]*)\}/g, (_, k: string, one: string, other: string) => plural(Number(vars[k]), one, other, l))
      .replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
  };
}

const locale = () => (lang() === 'en' ? 'en-GB' : 'sv-SE');

/** Numbers in the UI language: decimal comma in Swedish. */
export function num(n: number, digits = 1): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
}

/** Date and time of an instant, in Swedish time. */
export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(iso));
}

export const shellSv = {
  title_admin: 'Lägesbild – administration',
  title_coordinator: 'Lägesbild – samordning',
  title_reader: 'Lägesbild – publicerade lägesbilder',
  skip: 'Hoppa till innehållet',
  language: 'English',
  loading: 'Laddar …',
  loginTitle: 'Logga in',
  email: 'E-postadress',
  password: 'Lösenord',
  loginButton: 'Logga in',
  logout: 'Logga ut',
  loggedInAs: 'Inloggad som {email} ({role})',
  role_admin: 'Administratör',
  role_coordinator: 'Samordnare',
  role_reader: 'Läsare',
  sessionExpired: 'Din session har gått ut. Logga in igen.',
  setupTitle: 'Skapa första administratören',
  setupIntro: 'Det här är en engångslänk. När kontot är skapat slutar länken att fungera.',
  setupUsed: 'Den här länken är redan använd eller har ersatts. Logga in i stället.',
  nameOptional: 'Namn (valfritt)',
  newPassword: 'Lösenord (minst 12 tecken)',
  createAdmin: 'Skapa administratör',
  err_network: 'Kunde inte nå servern. Kontrollera anslutningen och försök igen.',
  err_invalid_credentials: 'Fel e-postadress eller lösenord.',
  err_too_many_attempts: 'För många misslyckade inloggningsförsök. Vänta {minutes} minuter och försök igen.',
  err_forbidden: 'Ditt konto har inte behörighet till detta.',
  err_csrf: 'Begäran kom inte från Lägesbild och avvisades. Ladda om sidan och försök igen.',
  err_exists: 'Det finns redan: {detail}',
  err_in_use: 'Används fortfarande och kan inte tas bort.',
  err_last_admin: 'Det här är den enda aktiva administratören. Gör någon annan till administratör först.',
  err_self: 'Du kan inte stänga av ditt eget konto.',
  err_bad_request: 'Uppgifterna behöver rättas: {detail}',
  err_not_found: 'Hittades inte (kanske redan borttaget). Ladda om sidan.',
  err_other: 'Något gick fel: {detail}',
};
export type ShellKey = keyof typeof shellSv;

export const shellEn: Record<ShellKey, string> = {
  title_admin: 'Lägesbild – administration',
  title_coordinator: 'Lägesbild – coordination',
  title_reader: 'Lägesbild – published pictures',
  skip: 'Skip to content',
  language: 'Svenska',
  loading: 'Loading …',
  loginTitle: 'Log in',
  email: 'E-mail address',
  password: 'Password',
  loginButton: 'Log in',
  logout: 'Log out',
  loggedInAs: 'Logged in as {email} ({role})',
  role_admin: 'Administrator',
  role_coordinator: 'Coordinator',
  role_reader: 'Reader',
  sessionExpired: 'Your session has expired. Log in again.',
  setupTitle: 'Create the first administrator',
  setupIntro: 'This is a one-time link. Once the account exists the link stops working.',
  setupUsed: 'This link has already been used or has been replaced. Log in instead.',
  nameOptional: 'Name (optional)',
  newPassword: 'Password (at least 12 characters)',
  createAdmin: 'Create administrator',
  err_network: 'Could not reach the server. Check the connection and try again.',
  err_invalid_credentials: 'Wrong e-mail address or password.',
  err_too_many_attempts: 'Too many failed log-in attempts. Wait {minutes} minutes and try again.',
  err_forbidden: 'Your account does not have access to this.',
  err_csrf: 'The request did not come from Lägesbild and was refused. Reload the page and try again.',
  err_exists: 'Already exists: {detail}',
  err_in_use: 'Still in use and cannot be removed.',
  err_last_admin: 'This is the only active administrator. Make someone else administrator first.',
  err_self: 'You cannot disable your own account.',
  err_bad_request: 'Please correct: {detail}',
  err_not_found: 'Not found (perhaps already removed). Reload the page.',
  err_other: 'Something went wrong: {detail}',
};

/** The shell's own strings (every section's `t` includes them too). */
export const t = dictionary(shellSv, shellEn);
