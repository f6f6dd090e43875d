/** A section's navigation under the staff header: links, the current one marked. */
import { For } from 'solid-js';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

export function StaffNav(props: { label: string; items: NavItem[] }) {
  return (
    <nav aria-label={props.label} class="staff-nav no-print">
      <ul>
        <For each={props.items}>
          {(item) => (
            <li>
              <a href={item.href} aria-current={item.current ? 'page' : undefined}>{item.label}</a>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
