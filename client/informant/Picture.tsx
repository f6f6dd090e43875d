/**
 * /picture: the latest published samlad lägesbild, for informants where the server shares
 * it (INFORMANTS_SEE_PICTURES=1) – the feedback that keeps them reporting.
 * Shows the cached copy (the database's meta store), so it also opens offline; Home fetches it once per
 * page and links here only while a picture is cached.
 *
 * The headings are the template's own (docs/domain.md), in Swedish like the document's text:
 * the picture is an official Swedish document, so they are not translated (and cost the
 * informant bundle nothing in the English chunk).
 */
import { For, Show } from 'solid-js';
import { weekNumber } from '../../shared/weeks';
import { cachedPicture } from '../sync/api';
import { t } from '../ui/i18n';
import { createLive } from '../ui/live';
import { navigate } from '../ui/router';

export default function Picture() {
  const picture = createLive(['meta'], () => cachedPicture(), undefined);
  return (
    <main id="main" class="screen" lang="sv">
      <div class="topbar">
        <button type="button" class="btn btn-secondary" data-testid="back-button" onClick={() => navigate('/')}>
          ← {t('back')}
        </button>
      </div>
      <Show when={picture()}>
        {(p) => {
          const c = () => p().content;
          // [heading, text] in the template's order; empty sections are left out.
          const sections = (): string[][] =>
            [
              ['Väder i helgen', c().weekendWeather],
              ['Viktig information', c().importantInformation],
              ['Om trygghetsläget i kommunen', c().overallSituation],
              ...c().prioritisedAreas.map((a) => [`Prioriterat område ${a.priority}: ${a.areaName}`, `${a.situation}\nInsatser: ${a.interventions}`]),
              ['Övriga områden', c().otherAreas],
              ['Arrangemang', c().events],
              ['Verksamheter på fältet under helgen', c().fieldActivities.map((r) => [r.organisation, r.area, r.when, r.priority].join(' · ')).join('\n')],
            ].filter(([, text]) => text!.trim());
          return (
            <article data-testid="picture" data-week={p().week}>
              <h1>Lägesbild vecka {weekNumber(p().week)}</h1>
              <p class="muted" data-testid="picture-register">
                {p().registerNumber} v. {p().version} · {c().date}
              </p>
              <For each={sections()}>
                {([h, text]) => (
                  <section>
                    <h2>{h}</h2>
                    <For each={text!.split('\n')}>{(l) => <p>{l}</p>}</For>
                  </section>
                )}
              </For>
              <footer class="note" data-testid="picture-footer">
                {p().footer}
              </footer>
            </article>
          );
        }}
      </Show>
    </main>
  );
}
