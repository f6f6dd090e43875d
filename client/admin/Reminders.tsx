/**
 * The weekly reminder times: weekday + time, Europe/Stockholm; at least one,
 * at most 14. GET/PUT /api/v1/admin/reminders (admin; the change is audited). The
 * scheduler reads the stored times at every tick, so a change applies at once.
 */
import { Index, Show, createSignal } from 'solid-js';
import { DEFAULT_REMINDER_CONFIG, reminderSlotProblems, type ReminderConfigResponse, type ReminderSlot } from '../../shared/push';
import { api } from '../staff/http';
import { t, when, type AdminKey } from './i18n';
import { createNotice } from './ui';

const MAX_SLOTS = 14;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const weekdayName = (d: number) => t(`weekday_${d}` as AdminKey);

export function Reminders() {
  const n = createNotice();
  const [slots, setSlots] = createSignal<ReminderSlot[]>([]);
  const [next, setNext] = createSignal<string | null>(null);
  const [loaded, setLoaded] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const problems = () => reminderSlotProblems(slots());
  const show = (r: ReminderConfigResponse) => {
    setSlots(r.slots.map((s) => ({ ...s })));
    setNext(r.next);
    setLoaded(true);
  };
  void n.run(async () => show(await api<ReminderConfigResponse>('GET', '/api/v1/admin/reminders')));

  const update = (i: number, patch: Partial<ReminderSlot>) => setSlots((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const remove = (i: number) => {
    setSlots((all) => all.filter((_, j) => j !== i));
    // Keep keyboard focus in the list: on the row that took this one's place, else the add button.
    queueMicrotask(() => (document.getElementById(`rem-wd-${Math.min(i, slots().length - 1)}`) ?? document.getElementById('rem-add'))?.focus());
  };
  const add = () => {
    const last = slots()[slots().length - 1];
    setSlots((all) => [...all, { weekday: last ? (last.weekday % 7) + 1 : 3, time: last?.time ?? '14:00' }]);
    queueMicrotask(() => document.getElementById(`rem-wd-${slots().length - 1}`)?.focus());
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const p = problems();
    if (p.empty || p.badTimes.length > 0 || p.duplicates.length > 0) {
      n.error(p.empty ? t('reminderAtLeastOne') : p.badTimes.length > 0 ? t('reminderTimeInvalid') : t('reminderDuplicate'));
      return;
    }
    setBusy(true);
    await n.run(async () => show(await api<ReminderConfigResponse>('PUT', '/api/v1/admin/reminders', { slots: slots() })), t('saved'));
    setBusy(false);
  };

  return (
    <section aria-labelledby="screen-h">
      <h2 id="screen-h" tabindex="-1">{t('tabReminders')}</h2>
      <p class="admin-hint">{t('remindersIntro')}</p>
      {n.view()}
      <Show when={loaded()} fallback={<p>{t('loading')}</p>}>
        <form class="admin-form" onSubmit={save} data-testid="reminders">
          <fieldset class="admin-checks" style={{ 'flex-direction': 'column', padding: '0.75rem', gap: '0.5rem' }}>
            <legend class="admin-sub">{t('reminderSlots')}</legend>
            <Index each={slots()}>
              {(slot, i) => {
                const bad = () => problems().badTimes.includes(i);
                const dup = () => problems().duplicates.includes(i);
                return (
                  <div class="admin-actions" role="group" aria-label={t('reminderN', { n: i + 1 })} style={{ 'align-items': 'flex-end' }}>
                    <div class="admin-field">
                      <label for={`rem-wd-${i}`}>{t('reminderWeekday')}</label>
                      <select id={`rem-wd-${i}`} value={slot().weekday} aria-invalid={dup() || undefined} onChange={(e) => update(i, { weekday: Number(e.currentTarget.value) })}>
                        {WEEKDAYS.map((d) => (
                          <option value={d}>{weekdayName(d)}</option>
                        ))}
                      </select>
                    </div>
                    <div class="admin-field">
                      <label for={`rem-time-${i}`}>{t('reminderTime')}</label>
                      <input
                        id={`rem-time-${i}`}
                        type="time"
                        step="60"
                        required
                        value={slot().time}
                        aria-invalid={bad() || dup() || undefined}
                        aria-describedby={bad() || dup() ? `rem-err-${i}` : undefined}
                        onChange={(e) => update(i, { time: e.currentTarget.value.slice(0, 5) })}
                      />
                    </div>
                    <button class="btn" type="button" disabled={slots().length <= 1} onClick={() => remove(i)} aria-label={t('removeReminderN', { n: i + 1 })}>
                      {t('removeReminder')}
                    </button>
                    <Show when={bad() || dup()}>
                      <p id={`rem-err-${i}`} class="admin-notice admin-error">{bad() ? t('reminderTimeInvalid') : t('reminderDuplicate')}</p>
                    </Show>
                  </div>
                );
              }}
            </Index>
            <Show when={slots().length === 0}>
              <p class="admin-notice admin-error">{t('reminderAtLeastOne')}</p>
            </Show>
          </fieldset>
          <div class="admin-actions">
            <button id="rem-add" class="btn" type="button" disabled={slots().length >= MAX_SLOTS} onClick={add}>{t('addReminder')}</button>
            <button class="btn" type="button" onClick={() => setSlots(DEFAULT_REMINDER_CONFIG.slots.map((s) => ({ ...s })))}>{t('reminderDefaults')}</button>
            <button class="btn btn-primary" type="submit" disabled={busy()}>{t('save')}</button>
          </div>
          <Show when={next()}>{(at) => <p class="admin-hint" data-testid="reminders-next">{t('reminderNext', { at: `${weekdayName(isoWeekday(at()))} ${when(at())}` })}</p>}</Show>
        </form>
      </Show>
    </section>
  );
}

/** ISO weekday (1 = Monday) of an instant in Stockholm. */
function isoWeekday(iso: string): number {
  const short = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(iso));
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(short) + 1;
}
