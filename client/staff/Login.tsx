/** Signing in to the staff screens (every role, every section). */
import { Show, createSignal, type JSX } from 'solid-js';
import type { Me } from '../../shared/admin';
import { describe } from './errors';
import { api } from './http';
import { t } from './i18n';

function Field(props: { id: string; label: string; children: JSX.Element }) {
  return (
    <div class="staff-field">
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

/** A failure of the form, announced to screen readers. */
function ErrorSlot(props: { text: string | undefined }) {
  return (
    <div aria-live="polite">
      <Show when={props.text}>{(m) => <p class="staff-notice staff-error" role="alert">{m()}</p>}</Show>
    </div>
  );
}

/** Submits once at a time; a failure is shown and what was typed stays. */
function createSubmit(action: () => Promise<void>) {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(describe(err));
    }
    setBusy(false);
  };
  return { error, busy, submit };
}

export function Login(props: { expired: boolean; onDone: (m: Me) => void }) {
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const form = createSubmit(async () => props.onDone(await api<Me>('POST', '/api/v1/auth/login', { email: email(), password: password() })));
  return (
    <form class="staff-form" onSubmit={form.submit} aria-labelledby="login-h">
      <h1 id="login-h">{t('loginTitle')}</h1>
      <Show when={props.expired}><p class="staff-notice staff-info" role="status">{t('sessionExpired')}</p></Show>
      <ErrorSlot text={form.error()} />
      <Field id="login-email" label={t('email')}>
        <input id="login-email" type="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
      </Field>
      <Field id="login-password" label={t('password')}>
        <input id="login-password" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
      </Field>
      <button class="btn btn-primary" type="submit" disabled={form.busy()}>{t('loginButton')}</button>
    </form>
  );
}
