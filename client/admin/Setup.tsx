/**
 * First run: the one-time /setup/<code> link the server prints creates the first
 * administrator and signs them in. The staff shell shows it while signed out.
 */
import { Show, createResource, createSignal } from 'solid-js';
import { MIN_PASSWORD_LENGTH, type Me } from '../../shared/admin';
import { api } from '../staff/http';
import { t } from './i18n';
import { Field, createNotice } from './ui';

export default function Setup(props: { code: string; onDone: (m: Me) => void }) {
  const n = createNotice();
  const [usable] = createResource(async () => {
    try {
      await api('GET', `/api/v1/setup/${encodeURIComponent(props.code)}`);
      return true;
    } catch {
      return false;
    }
  });
  const [email, setEmail] = createSignal('');
  const [name, setName] = createSignal('');
  const [password, setPassword] = createSignal('');
  const submit = async (e: Event) => {
    e.preventDefault();
    await n.run(async () => props.onDone(await api<Me>('POST', '/api/v1/setup', { code: props.code, email: email(), name: name(), password: password() })));
  };
  return (
    <Show when={usable() !== undefined} fallback={<p>{t('loading')}</p>}>
      <Show when={usable()} fallback={<p class="admin-notice admin-error" role="alert">{t('setupUsed')} <a href="/admin">{t('loginTitle')}</a></p>}>
        <form class="admin-form admin-narrow" onSubmit={submit} aria-labelledby="setup-h">
          <h1 id="setup-h">{t('setupTitle')}</h1>
          <p class="admin-hint">{t('setupIntro')}</p>
          {n.view()}
          <Field id="setup-email" label={t('email')}>
            <input id="setup-email" type="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
          </Field>
          <Field id="setup-name" label={t('nameOptional')}>
            <input id="setup-name" maxLength={120} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          </Field>
          <Field id="setup-password" label={t('newPassword')}>
            <input id="setup-password" type="password" autocomplete="new-password" required minLength={MIN_PASSWORD_LENGTH} value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
          </Field>
          <button class="btn btn-primary" type="submit">{t('createAdmin')}</button>
        </form>
      </Show>
    </Show>
  );
}
