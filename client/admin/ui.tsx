/** Small building blocks of the admin screens: messages, labelled fields, list loading. */
import { Show, createResource, createSignal, type JSX } from 'solid-js';
import { api } from '../staff/http';
import { describe } from '../staff/errors';

export type Notice = { kind: 'ok' | 'error'; text: string } | undefined;

/** One polite live region per screen: success and errors are announced to screen readers. */
export function createNotice() {
  const [notice, setNotice] = createSignal<Notice>();
  const ok = (text: string) => setNotice({ kind: 'ok', text });
  const fail = (e: unknown) => setNotice({ kind: 'error', text: describe(e) });
  const view = () => (
    <div aria-live="polite" class="admin-notice-slot">
      <Show when={notice()}>
        {(n) => (
          <p class={n().kind === 'ok' ? 'admin-notice admin-ok' : 'admin-notice admin-error'} role={n().kind === 'error' ? 'alert' : 'status'}>
            {n().text}
          </p>
        )}
      </Show>
    </div>
  );
  /** Runs an action, showing its outcome; returns whether it succeeded. */
  const run = async (action: () => Promise<unknown>, success?: string): Promise<boolean> => {
    setNotice(undefined);
    try {
      await action();
      if (success) ok(success);
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  };
  /** An error sentence of the screen's own (e.g. a check before sending). */
  const error = (text: string) => setNotice({ kind: 'error', text });
  return { notice, ok, fail, error, view, run, clear: () => setNotice(undefined) };
}

export function loadList<T>(path: () => string | false) {
  return createResource(path, (p) => api<T>('GET', p));
}

export function Field(props: { id: string; label: string; children: JSX.Element; hint?: string }) {
  return (
    <div class="admin-field">
      <label for={props.id}>{props.label}</label>
      <Show when={props.hint}>
        <p class="admin-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      </Show>
      {props.children}
    </div>
  );
}
