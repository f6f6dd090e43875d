/** Shared chrome: header with language switch, update prompt. */
import { Show } from 'solid-js';
import { setLanguage } from '../sync/actions';
import { lang, setLang, t } from './i18n';
import { applyUpdate, needRefresh, setNeedRefresh } from './platform';

export function Header(props: { subtitle?: string | undefined }) {
  const toggle = () => {
    const next = lang() === 'sv' ? 'en' : 'sv';
    void setLang(next);
    void setLanguage(next);
  };
  return (
    <header class="app-header">
      <a class="skip-link" href="#main">
        {lang() === 'sv' ? 'Hoppa till innehållet' : 'Skip to content'}
      </a>
      <div class="brand">
        <span class="brand-name">{t('appName')}</span>
        <Show when={props.subtitle}>
          <span class="brand-sub">{props.subtitle}</span>
        </Show>
      </div>
      <button
        type="button"
        class="btn btn-lang"
        data-testid="lang-switch"
        lang={lang() === 'sv' ? 'en' : 'sv'}
        onClick={toggle}
      >
        {lang() === 'sv' ? 'English' : 'Svenska'}
      </button>
    </header>
  );
}

export function UpdatePrompt() {
  return (
    <Show when={needRefresh()}>
      <div class="update-prompt" role="alertdialog" aria-labelledby="update-text" data-testid="update-prompt">
        <p id="update-text">{t('updateAvailable')}</p>
        <div class="row-actions">
          <button type="button" class="btn btn-primary" data-testid="update-reload" onClick={() => void applyUpdate()}>
            {t('updateReload')}
          </button>
          <button type="button" class="btn btn-secondary" onClick={() => setNeedRefresh(false)}>
            {t('updateLater')}
          </button>
        </div>
      </div>
    </Show>
  );
}

/**
 * Shown on a non-secure origin (plain http on a real host name): browsers then give the
 * app no service worker, no Web Locks and no push, so offline use and reminders are
 * gone. Saying so beats working online-only without a word.
 */
export function InsecureNotice() {
  return (
    <Show when={typeof window !== 'undefined' && !window.isSecureContext}>
      <div class="banner banner-error" role="alert" data-testid="insecure-context">
        <p>
          <strong>{t('insecureTitle')}</strong>
        </p>
        <p>{t('insecureContext')}</p>
      </div>
    </Show>
  );
}
