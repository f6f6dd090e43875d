/** Published pictures: the list by week, and a clean read view that prints as A4. */
import { For, Show, createResource } from 'solid-js';
import type { PictureContent, PublishedPicture, PublishedSummary } from '../../shared/pictures';
import { parseWeek } from '../../shared/weeks';
import { api, describe } from './api';
import { t, when } from './i18n';
import { List, Notice, weekLabel } from './ui';

export function PictureList() {
  const [data] = createResource(() => api<{ pictures: PublishedSummary[] }>('GET', '/api/v1/pictures'));
  return (
    <section aria-labelledby="screen-h" class="coord-screen">
      <h1 id="screen-h" tabindex="-1">{t('picturesTitle')}</h1>
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
                </tr>
              </thead>
              <tbody>
                <For each={d().pictures}>
                  {(p) => (
                    <tr>
                      <th scope="row"><a href={`/pictures/${p.week}/${p.version}`}>{weekLabel(p.week)}</a></th>
                      <td>{p.registerNumber}</td>
                      <td>{p.version}</td>
                      <td>{when(p.publishedAt)}</td>
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
