/** One toast at a time, announced politely to screen readers. */
import { createSignal, Show } from 'solid-js';
import { t } from './i18n';

export interface ToastAction {
  label: string;
  testid: string;
  run: () => void | Promise<void>;
}
interface ToastState {
  text: string;
  action?: ToastAction;
}

const [toast, setToast] = createSignal<ToastState | undefined>();
let timer: ReturnType<typeof setTimeout> | undefined;

export function showToast(text: string, ms = 4000, action?: ToastAction): void {
  if (timer) clearTimeout(timer);
  setToast(action ? { text, action } : { text });
  timer = setTimeout(() => setToast(undefined), ms);
}

export function hideToast(): void {
  if (timer) clearTimeout(timer);
  setToast(undefined);
}

export function Toast() {
  return (
    <div class="toast-region" role="status" aria-live="polite">
      <Show when={toast()}>
        {(s) => (
          <div class="toast" data-testid="toast">
            <span>{s().text}</span>
            <Show when={s().action}>
              {(a) => (
                <button type="button" class="btn btn-toast" data-testid={a().testid} onClick={() => void a().run()}>
                  {a().label}
                </button>
              )}
            </Show>
            <button type="button" class="btn-close" aria-label={t('close')} onClick={hideToast}>
              ×
            </button>
          </div>
        )}
      </Show>
    </div>
  );
}
