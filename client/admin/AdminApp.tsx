/**
 * The admin section of the staff client (client/staff/StaffApp.tsx signs in and loads
 * it at /admin/*): one tab per screen, /admin/<tab>.
 */
import { Match, Show, Switch, type JSX } from 'solid-js';
import type { Me } from '../../shared/admin';
import { StaffNav } from '../staff/Nav';
import { path } from '../staff/router';
import { Audit, Staff } from './Accounts';
import { Areas, Organisations } from './Geography';
import { Functions } from './Functions';
import { Reminders } from './Reminders';
import { SourcesAdmin } from '../figures/SourcesAdmin';
import { Recipients } from './Recipients';
import { t, type AdminKey } from './i18n';
import './admin.css';

type Tab = 'functions' | 'areas' | 'organisations' | 'sources' | 'staff' | 'reminders' | 'recipients' | 'audit';
const TABS: [Tab, AdminKey][] = [
  ['functions', 'tabFunctions'],
  ['areas', 'tabAreas'],
  ['organisations', 'tabOrganisations'],
  ['sources', 'tabSources'],
  ['staff', 'tabStaff'],
  ['reminders', 'tabReminders'],
  ['recipients', 'tabRecipients'],
  ['audit', 'tabAudit'],
];

function tabOf(p: string): Tab {
  const seg = /^\/admin\/([a-z]+)/.exec(p)?.[1];
  return TABS.some(([tab]) => tab === seg) ? (seg as Tab) : 'functions';
}

export default function AdminApp(props: { me: Me }): JSX.Element {
  const tab = () => tabOf(path());
  return (
    <Show when={props.me.role === 'admin'} fallback={<p class="admin-notice admin-error" role="alert">{t('noAccess', { role: t(`role_${props.me.role}`) })}</p>}>
      <StaffNav label={t('nav')} items={TABS.map(([id, label]) => ({ href: `/admin/${id}`, label: t(label), current: tab() === id }))} />
      <Switch>
        <Match when={tab() === 'functions'}><Functions /></Match>
        <Match when={tab() === 'areas'}><Areas /></Match>
        <Match when={tab() === 'organisations'}><Organisations /></Match>
        <Match when={tab() === 'sources'}><SourcesAdmin /></Match>
        <Match when={tab() === 'staff'}><Staff meId={props.me.id} /></Match>
        <Match when={tab() === 'reminders'}><Reminders /></Match>
        <Match when={tab() === 'recipients'}><Recipients /></Match>
        <Match when={tab() === 'audit'}><Audit /></Match>
      </Switch>
    </Show>
  );
}
