/**
 * Weekly reminders (Web Push) in the informant app, used by Home.tsx (statically: a lazy
 * chunk costs more of the 50 KB gzip budget than it saves, see the bench's worst case):
 * - `Settings` (/settings): the state – on / off / blocked / not supported (on iOS:
 *   add the app to the home screen first) – and a switch;
 * - `PushOffer`: the banner on home after the first report, with one sentence on why
 *   (the permission prompt only ever comes from its button – never on load);
 * - `refreshOnOpen`: re-registers the subscription on every app open (Apple's push
 *   service answers 200 even for dead endpoints; the server prunes the unseen).
 * The logic is in client/push/subscribe.ts (unit-tested).
 */
import { Show, createResource, createSignal } from 'solid-js';
import { OFFER_ANSWERED_KEY, disablePush, enablePush, pushState, refreshPushSubscription, shouldShowPushOffer, type PushState } from '../push/subscribe';
import { t, type Key } from '../ui/i18n';
import { remember, remembered } from '../ui/platform';
import { navigate } from '../ui/router';
import { showToast } from '../ui/toast';
import { useStore } from './store';

let refreshed = false;

export function refreshOnOpen(token: string): void {
  if (refreshed) return;
  refreshed = true;
  void refreshPushSubscription(token).catch(() => undefined); // offline or no push service: next open
}

/** Turn reminders on (from a click: the permission prompt needs the gesture). */
async function turnOn(token: string): Promise<PushState> {
  try {
    const r = await enablePush(token);
    // On in the browser; if the server did not take it (offline, error), the next open registers it.
    if (r.state === 'on') showToast(t('push_on'));
    return r;
  } catch {
    showToast(t('pushFailed'), 6000);
    return pushState();
  }
}

export function PushOffer(props: { filedOwnReport: boolean }) {
  const s = useStore();
  const [done, setDone] = createSignal(remembered(OFFER_ANSWERED_KEY) != null);
  const [show] = createResource(
    () => ({ filedOwnReport: props.filedOwnReport, answered: done() }),
    (o) => shouldShowPushOffer(o).catch(() => false),
  );
  const answer = (on: boolean) => {
    remember(OFFER_ANSWERED_KEY, on ? 'on' : 'later');
    setDone(true);
    const token = s.device()?.token;
    if (on && token) void turnOn(token);
  };
  return (
    <Show when={!done() && show()}>
      <div class="notice notice-info" data-testid="push-offer">
        <p>{t('pushOffer')}</p>
        <div class="row-actions">
          <button type="button" class="btn btn-primary" data-testid="push-offer-on" onClick={() => answer(true)}>
            {t('pushOfferOn')}
          </button>
          <button type="button" class="btn btn-secondary" data-testid="push-offer-later" onClick={() => answer(false)}>
            {t('updateLater') /* "Senare" */}
          </button>
        </div>
      </div>
    </Show>
  );
}

export default function Settings() {
  const s = useStore();
  const [state, { mutate }] = createResource(() => pushState());
  let pending = false; // a second tap while the first is under way does nothing
  const toggle = async () => {
    const token = s.device()?.token;
    if (!token || pending) return;
    pending = true;
    mutate(state()?.state === 'on' ? await disablePush(token) : await turnOn(token));
    pending = false;
  };
  return (
    <main id="main" class="screen">
      <div class="topbar">
        <button type="button" class="btn btn-secondary" data-testid="back-button" onClick={() => navigate('/')}>
          ← {t('back')}
        </button>
      </div>
      <h1>{t('pushTitle')}</h1>
      <Show when={state()}>
        {(p) => (
          <>
            <button
              type="button"
              role="switch"
              class="switch"
              data-testid="push-toggle"
              aria-checked={p().state === 'on'}
              disabled={p().state === 'blocked' || p().state === 'unsupported'}
              onClick={() => void toggle()}
            >
              <span class="switch-track" aria-hidden="true">
                <span class="switch-thumb" />
              </span>
              {t('pushOfferOn')}
            </button>
            <p class="note" data-testid="push-state" aria-live="polite">
              {t(`push_${p().state === 'unsupported' ? (p() as { reason: string }).reason : p().state}` as Key)}
            </p>
          </>
        )}
      </Show>
    </main>
  );
}
