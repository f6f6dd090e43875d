/** Small building blocks of the coordinator screens. */
import { For, Show, createSignal, type JSX } from 'solid-js';
import { addWeeks, isValidWeek, parseWeek, weekOf } from '../../shared/weeks';
import { t } from './i18n';

export function Notice(props: { kind: 'ok' | 'error' | 'info'; text: string; children?: JSX.Element }) {
  return (
    <div class={`coord-notice coord-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      <p>{props.text}</p>
      {props.children}
    </div>
  );
}

export const weekLabel = (w: string): string => {
  const p = parseWeek(w);
  return p ? t('weekLabel', { n: p.week, year: p.year }) : w;
};

/** Previous / next / this week, and a typed week (input type=week where the browser has it). */
export function WeekPicker(props: { week: string; href: (week: string) => string; onPick: (week: string) => void }) {
  const [typed, setTyped] = createSignal(props.week);
  const [bad, setBad] = createSignal(false);
  const submit = (e: Event) => {
    e.preventDefault();
    const w = typed().trim().toUpperCase().replace(/^(\d{4})-?W?(\d{2})$/, '$1-W$2');
    if (!isValidWeek(w)) return setBad(true);
    setBad(false);
    props.onPick(w);
  };
  return (
    <form class="coord-weekpicker no-print" onSubmit={submit} aria-label={t('week')}>
      <a class="btn" href={props.href(addWeeks(props.week, -1))}><span class="visually-hidden">{t('prevWeek')}: </span>‹ {weekLabel(addWeeks(props.week, -1))}</a>
      <div class="coord-field coord-field-inline">
        <label for="week-input">{t('chooseWeek')}</label>
        <input id="week-input" type="week" value={props.week} aria-invalid={bad()} onInput={(e) => setTyped(e.currentTarget.value)} />
      </div>
      <button class="btn" type="submit">{t('show')}</button>
      <a class="btn" href={props.href(addWeeks(props.week, 1))}><span class="visually-hidden">{t('nextWeek')}: </span>{weekLabel(addWeeks(props.week, 1))} ›</a>
      <a class="btn" href={props.href(weekOf(new Date()))}>{t('thisWeek')}</a>
    </form>
  );
}

/** The items of a <ul>/<ol>, or one item saying there are none (a <p> directly in a list is invalid markup). */
export function List<T>(props: { each: T[]; empty: string; children: (item: T) => JSX.Element }) {
  return (
    <Show when={props.each.length > 0} fallback={<li class="muted coord-empty">{props.empty}</li>}>
      <For each={props.each}>{props.children}</For>
    </Show>
  );
}

let ids = 0;
/** A page-unique id prefix for label/input pairs (Solid's createUniqueId is not used: see cycle-model.ts). */
export const uniqueId = (): string => `cu${++ids}`;
