/**
 * The weekly send-out by e-mail, for coordinators: per published version how many were
 * sent, are waiting or failed (and why), with "send the failed ones again"; and a preview
 * of the e-mail from the draft before publishing. No addresses here: those are admin-only.
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import type { SendoutPreview, SendoutStatusResponse } from '../../shared/sendout';
import { api } from '../staff/http';
import { describe } from '../staff/errors';
import { t, when } from './i18n';
import { Notice, weekLabel } from './ui';

export function SendoutStatus() {
  const [data, { refetch }] = createResource(() => api<SendoutStatusResponse>('GET', '/api/v1/sendout/status'));
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string }>();
  const [busy, setBusy] = createSignal<string | null>(null);
  const resend = async (week: string, version: number) => {
    setBusy(`${week}/${version}`);
    setMessage(undefined);
    try {
      const r = await api<{ queued: number }>('POST', `/api/v1/sendout/${week}/${version}/resend`);
      setMessage({ kind: 'ok', text: t('so_resent', { n: r.queued }) });
      void refetch();
    } catch (e) {
      setMessage({ kind: 'error', text: describe(e) });
    }
    setBusy(null);
  };
  return (
    <section class="coord-card no-print" aria-labelledby="sendout-h" data-testid="sendout-status">
      <h2 id="sendout-h">{t('so_title')}</h2>
      <div aria-live="polite">
        <Show when={message()}>{(m) => <Notice kind={m().kind} text={m().text} />}</Show>
      </div>
      <Show when={data.error}><Notice kind="error" text={describe(data.error)} /></Show>
      <Show when={data()}>
        {(d) => (
          <>
            <Show when={!d().enabled}><Notice kind="info" text={t('so_off')} /></Show>
            <Show when={d().versions.length > 0} fallback={<p class="muted">{t('so_none')}</p>}>
              <table class="coord-table">
                <thead>
                  <tr>
                    <th scope="col">{t('week')}</th>
                    <th scope="col">{t('so_version')}</th>
                    <th scope="col">{t('so_sent')}</th>
                    <th scope="col">{t('so_waiting')}</th>
                    <th scope="col">{t('so_failed')}</th>
                    <th scope="col">{t('so_skipped')}</th>
                    <th scope="col">{t('so_problems')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={d().versions}>
                    {(v) => (
                      <tr data-testid={`sendout-${v.week}-${v.version}`}>
                        <th scope="row">{weekLabel(v.week)}</th>
                        <td>{v.version}</td>
                        <td>{v.sent}</td>
                        <td>{v.waiting}</td>
                        <td>{v.failed}</td>
                        <td>{v.skipped}</td>
                        <td>
                          <Show when={v.problems.length > 0}>
                            <ul class="coord-plain">
                              <For each={v.problems}>{(p) => <li>{p.name}{p.organisation ? ` (${p.organisation})` : ''}: {p.error} <span class="muted">{when(p.at)}</span></li>}</For>
                            </ul>
                          </Show>
                          <Show when={v.failed > 0 && d().enabled}>
                            <button type="button" class="btn btn-secondary" disabled={busy() !== null} onClick={() => void resend(v.week, v.version)}>{t('so_resend')}</button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

/** The e-mail as it would go out if the draft were published now (the last saved draft). */
export function MailPreview(props: { week: string }) {
  const [open, setOpen] = createSignal(false);
  const [preview, { refetch }] = createResource(
    () => (open() ? props.week : false),
    (week) => api<SendoutPreview>('GET', `/api/v1/sendout/preview/${week}`),
  );
  return (
    <section class="coord-card no-print" aria-labelledby="preview-h" data-testid="mail-preview">
      <h2 id="preview-h">{t('so_title')}</h2>
      <button
        type="button"
        class="btn btn-secondary"
        aria-expanded={open()}
        onClick={() => {
          if (open()) setOpen(false);
          else {
            setOpen(true);
            void refetch();
          }
        }}
      >
        {open() ? t('so_previewHide') : t('so_preview')}
      </button>
      <Show when={open() && preview.error}><Notice kind="error" text={describe(preview.error)} /></Show>
      <Show when={open() && preview()}>
        {(p) => (
          <div>
            <h3>{t('so_previewTitle')}</h3>
            <Show when={!p().enabled}><Notice kind="info" text={t('so_previewOff')} /></Show>
            <p>{t('so_recipients', { n: p().recipients })}</p>
            <p><strong>{t('so_subject')}:</strong> <span data-testid="preview-subject">{p().subject}</span></p>
            <pre class="coord-preview" lang="sv" data-testid="preview-text" style={{ 'white-space': 'pre-wrap', 'max-height': '60vh', overflow: 'auto' }}>{p().text}</pre>
          </div>
        )}
      </Show>
    </section>
  );
}
