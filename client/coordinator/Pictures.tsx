/**
 * Published pictures: the list by week (with the reader's opt-in to a notification when a
 * new one is published), and a clean read view that prints as A4.
 */
import { For, Show, createResource, createSignal, onMount } from 'solid-js';
import type { Me } from '../../shared/admin';
import type { PictureContent, PublishedPicture, PublishedSummary } from '../../shared/pictures';
import type { PushPublicKeyResponse, ReaderSubscriptionResponse } from '../../shared/push';
import { parseWeek } from '../../shared/weeks';
import { base64UrlToBytes, browserPushEnv, type PushEnv, type PushManagerLike } from '../push/subscribe';
import { ApiFailure, api } from '../staff/http';
import { describe } from '../staff/errors';
import { t, when } from './i18n';
import { List, Notice, weekLabel } from './ui';

export function PictureList(props: { canWithdraw?: boolean }) {
  const [data, { refetch }] = createResource(() => api<{ pictures: PublishedSummary[] }>('GET', '/api/v1/pictures'));
  return (
    <section aria-labelledby="screen-h" class="coord-screen">
      <h1 id="screen-h" tabindex="-1">{t('picturesTitle')}</h1>
      <PictureNotices />
      <Show when={data.error}><Notice kind="error" text={describe(data.error)} /></Show>
      <Show when={data()} fallback={<Show when={!data.error}><p>{t('loading')}</p></Show>}>
        {(d) => (
          <Show when={d().pictures.length > 0} fallback={<p class="muted">{t('picturesNone')}</p>}>
            <table class="coord-table" data-testid="picture-list">
              <thead>
                <tr>
                  <th scope="col">{t('week')}</th>
                  <th scope="col">{t('registerNumber')}</th>
                  <th scope="col">{t('version')}</th>
                  <th scope="col">{t('publishedAt')}</th>
                  <Show when={props.canWithdraw}><th scope="col">{t('withdraw')}</th></Show>
                </tr>
              </thead>
              <tbody>
                <For each={d().pictures}>
                  {(p) => (
                    <tr data-testid="picture-row" data-withdrawn={p.withdrawn ? 'true' : undefined}>
                      <th scope="row">
                        <Show when={!p.withdrawn} fallback={<s>{weekLabel(p.week)}</s>}>
                          <a href={`/pictures/${p.week}/${p.version}`}>{weekLabel(p.week)}</a>
                        </Show>
                      </th>
                      <td>{p.registerNumber}</td>
                      <td>{p.version}</td>
                      <td>
                        {when(p.publishedAt)}
                        <Show when={p.withdrawn}>{(w) => <p class="muted small" data-testid="withdrawn-note">{t('withdrawn', { when: when(w().at), reason: w().reason })}</p>}</Show>
                      </td>
                      <Show when={props.canWithdraw}>
                        <td>
                          <Show when={!p.withdrawn}>
                            <WithdrawButton picture={p} onDone={() => void refetch()} />
                          </Show>
                        </td>
                      </Show>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>
    </section>
  );
}

/**
 * An admin takes a published version back: a reason (kept in the audit log, shown to
 * readers), then a confirmation, since it cannot be undone. What was typed stays in
 * the box when the server refuses it.
 */
function WithdrawButton(props: { picture: PublishedSummary; onDone: () => void }) {
  const [open, setOpen] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const id = `withdraw-${props.picture.week}-${props.picture.version}`;
  const vars = { reg: props.picture.registerNumber, version: props.picture.version };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!confirm(t('withdrawConfirm', vars))) return;
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/api/v1/pictures/${props.picture.week}/${props.picture.version}/withdraw`, { reason: reason() });
      setOpen(false);
      props.onDone();
    } catch (err) {
      setError(t('withdrawFailed', { detail: describe(err) }));
    }
    setBusy(false);
  };
  return (
    <Show when={open()} fallback={<button type="button" class="btn" aria-label={t('withdrawOf', vars)} onClick={() => setOpen(true)}>{t('withdraw')}</button>}>
      <form onSubmit={(e) => void submit(e)} class="coord-field" data-testid="withdraw-form">
        <label for={id}>{t('withdrawReason')}</label>
        <textarea id={id} rows={2} required minLength={3} maxLength={500} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
        <Show when={error()}>{(m) => <Notice kind="error" text={m()} />}</Show>
        <div class="coord-row coord-wrap">
          <button type="submit" class="btn btn-primary" disabled={busy() || reason().trim().length < 3}>{t('withdrawOf', vars)}</button>
          <button type="button" class="btn" onClick={() => setOpen(false)}>{t('withdrawCancel')}</button>
        </div>
      </form>
    </Show>
  );
}

// ---------------------------------------------------------------------------
// "New picture published" on this browser (Web Push)
// ---------------------------------------------------------------------------

const READER_SUB = '/api/v1/push/reader-subscription';
/** localStorage: the staff account that opted in on this browser (another account signing in here is not). */
const OPT_IN_KEY = 'lagesbild.readerPictures';
/** serviceWorker.ready never settles where no worker is registered (e.g. the dev server): give up after this. */
const SW_WAIT_MS = 8_000;

type ReaderPushState = 'loading' | 'on' | 'off' | 'blocked' | 'unsupported' | 'ios';

function readOptIn(): string | null {
  try {
    return localStorage.getItem(OPT_IN_KEY);
  } catch {
    return null;
  }
}
function writeOptIn(accountId: string | null): void {
  try {
    if (accountId) localStorage.setItem(OPT_IN_KEY, accountId);
    else localStorage.removeItem(OPT_IN_KEY);
  } catch {
    /* private mode: the server still has the choice; this browser forgets it */
  }
}

async function managerOf(env: PushEnv): Promise<PushManagerLike | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SW_WAIT_MS)));
  try {
    return await Promise.race([env.pushManager().catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The opt-in switch. The browser has one push subscription per origin, shared with the
 * informant app's reminders, so switching off tells the server only and never
 * unsubscribes the browser. While on, every visit re-registers the subscription (which
 * keeps the server from pruning it).
 */
function PictureNotices() {
  const env = browserPushEnv();
  const [state, setState] = createSignal<ReaderPushState>('loading');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let manager: PushManagerLike | null = null;
  let accountId: string | null = null;

  const me = async () => (accountId ??= (await api<Me>('GET', '/api/v1/auth/me')).id);
  const register = async (sub: { toJSON(): unknown }) => {
    await api<ReaderSubscriptionResponse>('PUT', READER_SUB, { ...(sub.toJSON() as object), notifyPictures: true });
  };

  onMount(async () => {
    manager = await managerOf(env);
    if (!manager) return setState(env.isIos && !env.isStandalone ? 'ios' : 'unsupported');
    if (env.permission() === 'denied') return setState('blocked');
    const sub = env.permission() === 'granted' ? await manager.getSubscription().catch(() => null) : null;
    const owner = readOptIn();
    if (!sub || owner === null) return setState('off');
    try {
      if (owner !== (await me())) return setState('off');
      await register(sub);
    } catch {
      // Offline or the session is gone: still on (the server has it); the next visit re-registers.
    }
    setState('on');
  });

  const enable = async (): Promise<ReaderPushState> => {
    if (!manager) return state();
    if (env.permission() !== 'granted') {
      const answer = await env.requestPermission();
      if (answer !== 'granted') return answer === 'denied' ? 'blocked' : 'off';
    }
    const id = await me();
    const sub =
      (await manager.getSubscription()) ??
      (await manager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: base64UrlToBytes((await api<PushPublicKeyResponse>('GET', '/api/v1/push/public-key')).publicKey),
      }));
    await register(sub);
    writeOptIn(id);
    return 'on';
  };
  const disable = async (): Promise<ReaderPushState> => {
    const sub = await manager?.getSubscription();
    if (sub) await api('DELETE', READER_SUB, { endpoint: sub.endpoint });
    writeOptIn(null);
    return 'off';
  };
  const toggle = async (e: Event & { currentTarget: HTMLInputElement }) => {
    const input = e.currentTarget;
    const wanted = input.checked;
    setBusy(true);
    setError(undefined);
    try {
      setState(await (wanted ? enable() : disable()));
    } catch (err) {
      setError(t('pushPicFailed', { detail: err instanceof ApiFailure ? describe(err) : err instanceof Error ? err.message : String(err) }));
    }
    input.checked = state() === 'on';
    setBusy(false);
  };
  const statusText = () => {
    switch (state()) {
      case 'loading':
        return t('loading');
      case 'on':
        return t('pushPicOn');
      case 'off':
        return t('pushPicOff');
      case 'blocked':
        return t('pushPicBlocked');
      case 'ios':
        return t('pushPicIos');
      default:
        return t('pushPicUnsupported');
    }
  };

  return (
    <section class="coord-card no-print" aria-labelledby="pushpic-h" data-testid="picture-notices" data-state={state()}>
      <h2 id="pushpic-h">{t('pushPicTitle')}</h2>
      <label style={{ display: 'flex', gap: '0.5rem', 'align-items': 'flex-start', 'min-height': '44px', cursor: 'pointer' }}>
        <input
          type="checkbox"
          role="switch"
          style={{ width: '1.25rem', height: '1.25rem', margin: '0.1rem 0 0', flex: 'none' }}
          checked={state() === 'on'}
          disabled={busy() || (state() !== 'on' && state() !== 'off')}
          aria-describedby="pushpic-status"
          onChange={(e) => void toggle(e)}
        />
        <span>{t('pushPicLabel')}</span>
      </label>
      <p id="pushpic-status" class="muted small" aria-live="polite" style={{ margin: '0' }}>
        {statusText()}
      </p>
      <Show when={error()}>{(text) => <Notice kind="error" text={text()} />}</Show>
    </section>
  );
}

export function PictureView(props: { week: string; version: number | 'latest' }) {
  const [pic] = createResource(() => api<PublishedPicture>('GET', `/api/v1/pictures/${props.week}/${props.version}`));
  const [list] = createResource(() => api<{ pictures: PublishedSummary[] }>('GET', '/api/v1/pictures'));
  const latest = () => list()?.pictures.find((p) => p.week === props.week)?.version;
  return (
    <section class="coord-screen">
      <div class="coord-row no-print">
        <a href="/pictures">{t('back')}</a>
        <button type="button" class="btn btn-primary" onClick={() => window.print()}>{t('print')}</button>
      </div>
      <Show when={pic.error}><Notice kind="error" text={describe(pic.error)} /></Show>
      <Show when={pic()} fallback={<Show when={!pic.error}><p>{t('loading')}</p></Show>}>
        {(p) => (
          <>
            <Show when={latest() !== undefined && latest()! > p().version}>
              <p class="coord-notice coord-info no-print" role="status">
                {t('olderVersion', { version: p().version })} <a href={`/pictures/${p().week}/${latest()}`}>{t('showLatest', { version: latest()! })}</a>
              </p>
            </Show>
            <PictureDocument picture={p()} />
          </>
        )}
      </Show>
    </section>
  );
}

/** Multi-line text as paragraphs (no HTML from the text, ever). */
function Paras(props: { text: string }) {
  const lines = () => props.text.split('\n').filter((l) => l.trim() !== '');
  return (
    <Show when={lines().length > 0} fallback={<p class="muted">{t('empty')}</p>}>
      <For each={lines()}>{(l) => <p>{l}</p>}</For>
    </Show>
  );
}

/** The document itself, always in Swedish (the template's language), as it is sent out. */
export function PictureDocument(props: { picture: PublishedPicture }) {
  const c = (): PictureContent => props.picture.content;
  const n = () => parseWeek(props.picture.week)?.week ?? '';
  return (
    <article class="picture" lang="sv" data-testid="picture">
      <header class="picture-head">
        <h1 id="screen-h" tabindex="-1">Samlad lägesbild vecka {n()}</h1>
        <p class="picture-meta">
          Diarienummer <strong data-testid="register-number">{props.picture.registerNumber}</strong>, version {props.picture.version} · publicerad {when(props.picture.publishedAt)}
        </p>
        <dl class="picture-dl">
          <div><dt>DATUM</dt><dd>{c().date}</dd></div>
          <div><dt>VÄDER I HELGEN</dt><dd>{c().weekendWeather || '–'}</dd></div>
        </dl>
      </header>
      <section>
        <h2>VIKTIG INFORMATION</h2>
        <Paras text={c().importantInformation} />
      </section>
      <section>
        <h2>OM TRYGGHETSLÄGET I KOMMUNEN</h2>
        <Paras text={c().overallSituation} />
      </section>
      <section>
        <h2>PRIORITERADE OMRÅDEN</h2>
        <Show when={c().prioritisedAreas.length > 0} fallback={<p class="muted">–</p>}>
          <For each={c().prioritisedAreas}>
            {(a) => (
              <section class="picture-area">
                <h3>Område {a.priority}: {a.areaName}</h3>
                <Paras text={a.situation} />
                <h4>Insatser</h4>
                <Paras text={a.interventions} />
              </section>
            )}
          </For>
        </Show>
      </section>
      <section>
        <h2>ÖVRIGA OMRÅDEN</h2>
        <Paras text={c().otherAreas} />
      </section>
      <section>
        <h2>ARRANGEMANG</h2>
        <Paras text={c().events} />
      </section>
      <section>
        <h2>VERKSAMHETER PÅ FÄLTET UNDER HELGEN</h2>
        <Show when={c().fieldActivities.length > 0} fallback={<p class="muted">–</p>}>
          <table class="picture-table">
            <thead>
              <tr><th scope="col">Organisation</th><th scope="col">Område</th><th scope="col">När</th><th scope="col">Prioritering</th></tr>
            </thead>
            <tbody>
              <For each={c().fieldActivities}>{(r) => <tr><td>{r.organisation}</td><td>{r.area}</td><td>{r.when}</td><td>{r.priority}</td></tr>}</For>
            </tbody>
          </table>
        </Show>
      </section>
      <footer class="picture-footer" data-testid="picture-footer">
        <p>{props.picture.footer}</p>
        <p>{props.picture.registerNumber} v{props.picture.version}</p>
      </footer>
    </article>
  );
}
