/** /enrol/<code>: post the invite code once, store the device token, go to the week. */
import { Match, Switch, createSignal, onMount } from 'solid-js';
import { enrolWithCode, type EnrolOutcome } from '../sync/api';
import { refreshAndFlush } from '../sync/scheduler';
import { t } from '../ui/i18n';
import { requestPersistence } from '../ui/platform';
import { navigate } from '../ui/router';
import { showToast } from '../ui/toast';
import { InsecureNotice } from '../ui/components';

export function Enrol(props: { code: string }) {
  const [outcome, setOutcome] = createSignal<EnrolOutcome | undefined>();
  const [busy, setBusy] = createSignal(false);

  const run = async () => {
    setBusy(true);
    setOutcome(undefined);
    const result = await enrolWithCode(props.code);
    setBusy(false);
    setOutcome(result);
    if (result.ok) {
      void requestPersistence();
      await refreshAndFlush(true); // areas, places, week – and any reports waiting from before
      showToast(t('enrolled', { name: result.name }), 5000);
      navigate('/', true);
    }
  };
  onMount(() => void run());

  const failure = () => {
    const o = outcome();
    return o && !o.ok ? o : undefined;
  };

  return (
    <main id="main" class="screen">
      <h1>{t('enrolTitle')}</h1>
      <InsecureNotice />
      <Switch>
        <Match when={busy()}>
          <p role="status" data-testid="enrol-status">
            {t('enrolling')}
          </p>
        </Match>
        <Match when={failure()}>
          {(f) => (
            <>
              <p class="banner banner-error" role="alert" data-testid="enrol-error" data-reason={f().reason}>
                {t(`enrol_${f().reason}`)}
              </p>
              <button type="button" class="btn btn-big btn-primary" onClick={() => void run()}>
                {t('retry')}
              </button>
              <button type="button" class="btn btn-big btn-secondary" onClick={() => navigate('/', true)}>
                {t('goHome')}
              </button>
            </>
          )}
        </Match>
      </Switch>
    </main>
  );
}
