/** Staff accounts (create, role, disable, new password) and the audit log. */
import { For, Show, createSignal } from 'solid-js';
import { MIN_PASSWORD_LENGTH, STAFF_ROLES, type AdminStaff, type AuditEntryView, type AuditPage, type StaffRole } from '../../shared/admin';
import { api } from '../staff/http';
import { AUDIT_ACTIONS, auditActionText } from '../../shared/audit';
import { lang } from '../staff/i18n';
import { t, when, type AdminKey } from './i18n';
import { Field, createNotice, loadList } from './ui';

const roleLabel = (r: StaffRole) => t(`role_${r}` as AdminKey);

export function Staff(props: { meId: string }) {
  const [list, { refetch }] = loadList<AdminStaff[]>(() => '/api/v1/admin/staff');
  const n = createNotice();
  const [email, setEmail] = createSignal('');
  const [name, setName] = createSignal('');
  const [role, setRole] = createSignal<StaffRole>('coordinator');
  const [password, setPassword] = createSignal('');
  const [resetting, setResetting] = createSignal<AdminStaff>();
  const [newPassword, setNewPassword] = createSignal('');

  const add = async (e: Event) => {
    e.preventDefault();
    if (await n.run(() => api('POST', '/api/v1/admin/staff', { email: email(), name: name(), role: role(), password: password() }), t('saved'))) {
      setEmail('');
      setName('');
      setPassword('');
      void refetch();
    }
  };
  const change = async (s: AdminStaff, body: { role?: StaffRole; disabled?: boolean }) => {
    if (await n.run(() => api('PATCH', `/api/v1/admin/staff/${s.id}`, body), t('saved'))) void refetch();
  };
  const reset = async (e: Event) => {
    e.preventDefault();
    const s = resetting();
    if (s && (await n.run(() => api('POST', `/api/v1/admin/staff/${s.id}/password`, { password: newPassword() }), t('passwordReset')))) {
      setResetting(undefined);
      setNewPassword('');
    }
  };

  return (
    <section aria-labelledby="screen-h">
      <h2 id="screen-h" tabindex="-1">{t('tabStaff')}</h2>
      {n.view()}
      <form class="admin-form" onSubmit={add}>
        <Field id="st-email" label={t('email')}>
          <input id="st-email" type="email" required autocomplete="off" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        </Field>
        <Field id="st-name" label={t('nameOptional')}>
          <input id="st-name" maxLength={120} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="st-role" label={t('role')}>
          <select id="st-role" value={role()} onChange={(e) => setRole(e.currentTarget.value as StaffRole)}>
            <For each={STAFF_ROLES}>{(r) => <option value={r}>{roleLabel(r)}</option>}</For>
          </select>
        </Field>
        <Field id="st-pw" label={t('newPassword')}>
          <input id="st-pw" type="password" required minLength={MIN_PASSWORD_LENGTH} autocomplete="new-password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <button class="btn btn-primary" type="submit">{t('createAccount')}</button>
      </form>

      <Show when={resetting()}>
        {(s) => (
          <form class="admin-form admin-detail" onSubmit={reset}>
            <h3>{t('resetFor', { email: s().email })}</h3>
            <Field id="reset-pw" label={t('newPassword')}>
              <input id="reset-pw" type="password" required minLength={MIN_PASSWORD_LENGTH} autocomplete="new-password" value={newPassword()} onInput={(e) => setNewPassword(e.currentTarget.value)} />
            </Field>
            <div class="admin-actions">
              <button class="btn btn-primary" type="submit">{t('save')}</button>
              <button class="btn" type="button" onClick={() => setResetting(undefined)}>{t('cancel')}</button>
            </div>
          </form>
        )}
      </Show>

      <Show when={list()} fallback={<p>{t('loading')}</p>}>
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('email')}</th>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={list()}>
              {(s) => (
                <tr>
                  <th scope="row">{s.email}</th>
                  <td>{s.name}</td>
                  <td>
                    <label class="visually-hidden" for={`role-${s.id}`}>{`${t('role')}: ${s.email}`}</label>
                    <select id={`role-${s.id}`} value={s.role} onChange={(e) => void change(s, { role: e.currentTarget.value as StaffRole })}>
                      <For each={STAFF_ROLES}>{(r) => <option value={r}>{roleLabel(r)}</option>}</For>
                    </select>
                  </td>
                  <td>{s.disabled ? t('disabled') : t('active')}</td>
                  <td class="admin-actions">
                    <Show when={s.id !== props.meId}>
                      <button class={s.disabled ? 'btn' : 'btn btn-danger'} type="button" onClick={() => void change(s, { disabled: !s.disabled })}>
                        {s.disabled ? t('enable') : t('disable')}
                        <span class="visually-hidden">: {s.email}</span>
                      </button>
                    </Show>
                    <button class="btn" type="button" onClick={() => setResetting(s)}>
                      {t('resetPassword')}
                      <span class="visually-hidden">: {s.email}</span>
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}

/** The audit log in words: event names, names instead of ids, filters by who/what/when, CSV of what is shown. */
export function Audit() {
  const n = createNotice();
  const [entries, setEntries] = createSignal<AuditEntryView[]>([]);
  const [next, setNext] = createSignal<number | null>(null);
  const [loading, setLoading] = createSignal(true);
  const [who, setWho] = createSignal('');
  const [what, setWhat] = createSignal('');
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [staff] = loadList<AdminStaff[]>(() => '/api/v1/admin/staff');
  const query = () => {
    const q = new URLSearchParams();
    if (who()) q.set('who', who());
    if (what()) q.set('what', what());
    if (from()) q.set('from', from());
    if (to()) q.set('to', to());
    return q.toString();
  };
  const load = async (before?: number) => {
    setLoading(true);
    await n.run(async () => {
      const page = await api<AuditPage>('GET', `/api/v1/admin/audit?limit=50${before ? `&before=${before}` : ''}${query() ? `&${query()}` : ''}`);
      setEntries((e) => (before ? [...e, ...page.entries] : page.entries));
      setNext(page.next);
    });
    setLoading(false);
  };
  void load();
  const actor = (e: AuditEntryView) =>
    e.actorLabel ??
    (e.actorType === 'system' ? t('actor_system') : e.actorType === 'anonymous' ? t('actor_anonymous') : e.actorType === 'device' ? t('actor_device') : t('gone'));
  const target = (e: AuditEntryView) => (e.target ? (e.targetLabel ?? t('gone')) : '');
  /** The detail as "key: value" pairs (no JSON on screen). */
  const detail = (e: AuditEntryView) =>
    Object.entries(e.detail ?? {})
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
      .join(' · ');
  return (
    <section aria-labelledby="screen-h">
      <h2 id="screen-h" tabindex="-1">{t('tabAudit')}</h2>
      <form class="admin-form admin-inline" aria-label={t('auditFilter')} onSubmit={(e) => (e.preventDefault(), void load())}>
        <Field id="audit-who" label={t('who')}>
          <select id="audit-who" value={who()} onChange={(e) => setWho(e.currentTarget.value)}>
            <option value="">{t('auditEveryone')}</option>
            <For each={staff() ?? []}>{(s) => <option value={s.id}>{s.email}</option>}</For>
            <option value="device">{t('actor_device')}</option>
            <option value="system">{t('actor_system')}</option>
            <option value="anonymous">{t('actor_anonymous')}</option>
          </select>
        </Field>
        <Field id="audit-what" label={t('what')}>
          <select id="audit-what" value={what()} onChange={(e) => setWhat(e.currentTarget.value)}>
            <option value="">{t('auditEverything')}</option>
            <For each={Object.keys(AUDIT_ACTIONS)}>{(a) => <option value={a}>{auditActionText(a, lang())}</option>}</For>
          </select>
        </Field>
        <Field id="audit-from" label={t('auditFrom')}>
          <input id="audit-from" type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        </Field>
        <Field id="audit-to" label={t('auditTo')}>
          <input id="audit-to" type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
        </Field>
        <button class="btn btn-primary" type="submit">{t('auditShow')}</button>
        <a class="btn" href={`/api/v1/admin/audit.csv${query() ? `?${query()}` : ''}`} download="">{t('auditCsv')}</a>
      </form>
      {n.view()}
      <table class="admin-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{t('when')}</th>
            <th scope="col">{t('who')}</th>
            <th scope="col">{t('what')}</th>
            <th scope="col">{t('target')}</th>
            <th scope="col">{t('detail')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={entries()} fallback={<tr><td colSpan={5}>{loading() ? t('loading') : t('none')}</td></tr>}>
            {(e) => (
              <tr>
                <td>{when(e.at)}</td>
                <td>{actor(e)}</td>
                <td>{auditActionText(e.action, lang())}</td>
                <td>{target(e)}</td>
                <td class="admin-audit-detail">{detail(e)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={next() !== null}>
        <button class="btn" type="button" disabled={loading()} onClick={() => void load(next()!)}>{t('more')}</button>
      </Show>
    </section>
  );
}
