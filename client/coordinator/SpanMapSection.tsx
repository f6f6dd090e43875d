/**
 * The "Karta" view of the period and year pages: a switch that loads the map chunk
 * (SpanMap.tsx, with Leaflet) only when a coordinator opens it. A plain import() into a
 * signal, as WeekView does for the week map: ErrorBoundary would grow the informant entry.
 */
import { Show, createEffect, createSignal, untrack } from 'solid-js';
import { t } from './i18n';
import { Notice } from './ui';

type SpanMapComponent = (typeof import('./SpanMap'))['default'];

export function SpanMapSection(props: { url: string }) {
  const [open, setOpen] = createSignal(sessionStorage.getItem('lagesbild.spanMap') === 'open');
  const [component, setComponent] = createSignal<SpanMapComponent>();
  const [failed, setFailed] = createSignal(false);
  createEffect(() => {
    if (!open() || component() || failed()) return;
    import('./SpanMap').then((m) => setComponent(() => m.default), () => setFailed(true));
  });
  const toggle = () => {
    const next = !open();
    setOpen(next);
    sessionStorage.setItem('lagesbild.spanMap', next ? 'open' : 'closed');
  };
  return (
    // Closed, it prints nothing (an empty card would stand in the year's document).
    <section class="coord-card smap-section" classList={{ 'no-print': !open() }} aria-labelledby="smap-section-h">
      <div class="coord-row coord-wrap no-print">
        <h2 id="smap-section-h" class="coord-h3">{t('sm_section')}</h2>
        <button type="button" class="btn" aria-expanded={open()} aria-controls="smap-body" data-testid="span-map-toggle" onClick={toggle}>
          {open() ? t('sm_hide') : t('sm_show')}
        </button>
      </div>
      <p class="muted small no-print">{t('sm_help')}</p>
      <div id="smap-body">
        <Show when={open()}>
          <Show when={component()} fallback={failed() ? <Notice kind="error" text={t('sm_failed')} /> : <p>{t('sm_loading')}</p>}>
            {(SpanMap) => untrack(() => SpanMap()({ get url() { return props.url; } }))}
          </Show>
        </Show>
      </div>
    </section>
  );
}
