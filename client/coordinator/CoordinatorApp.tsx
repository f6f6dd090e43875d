/**
 * The coordinator and reader section of the staff client (client/staff/StaffApp.tsx
 * signs in and loads it at /coordinator/* and /pictures/*):
 *
 *   /coordinator, /coordinator/weeks/<week>   week view (areas × indicators, recurring places, time of day)
 *   /coordinator/participation/<week>        participation per organisation and function
 *   /coordinator/draft/<week>                the draft compiled picture: editor, autosave, publish
 *   /coordinator/meeting/<week>              the weekly meeting: the agenda step by step
 *   /coordinator/interventions[/<id>|/new]   interventions and follow-ups
 *   /coordinator/period/<id|current>         the period analysis and the priorities decision
 *   /coordinator/year/<year|current>         the year review with charts (uPlot, only in this chunk), printable
 *   /pictures                                published pictures, by week (readers too)
 *   /pictures/<week>[/<version>]             read view with the footer; prints as A4
 */
import { Match, Show, Switch, createMemo, type JSX } from 'solid-js';
import type { Me } from '../../shared/admin';
import { StaffNav } from '../staff/Nav';
import { path } from '../staff/router';
import { DraftEditor } from './DraftEditor';
import { t, type CoordKey } from './i18n';
import { InterventionScreen } from './InterventionDetail';
import { InterventionsScreen } from './InterventionList';
import { MeetingView } from './Meeting';
import { PeriodView } from './Period';
import { ParticipationView } from './Participation';
import { PictureList, PictureView } from './Pictures';
import { currentWeek, route, type Route } from './routes';
import { WeekView } from './WeekView';
import YearView from './Year';
import './coordinator.css';

export default function CoordinatorApp(props: { me: Me }): JSX.Element {
  const staff = () => props.me.role === 'coordinator' || props.me.role === 'admin';
  const r = createMemo<Route>(() => {
    const x = route(path());
    // Readers only read published pictures.
    return !staff() && x.screen !== 'pictures' && x.screen !== 'picture' ? { screen: 'pictures' } : x;
  });
  const week = () => {
    const x = r();
    return 'week' in x ? x.week : undefined;
  };
  const navWeek = () => week() ?? currentWeek();
  const item = (href: string, label: CoordKey, current: boolean) => ({ href, label: t(label), current });
  const nav = () => [
    ...(staff()
      ? [
          item(`/coordinator/meeting/${navWeek()}`, 'navMeeting', r().screen === 'meeting'),
          item(`/coordinator/weeks/${navWeek()}`, 'navWeek', r().screen === 'week'),
          item(`/coordinator/participation/${navWeek()}`, 'navParticipation', r().screen === 'participation'),
          item(`/coordinator/draft/${navWeek()}`, 'navDraft', r().screen === 'draft'),
          item('/coordinator/interventions', 'navInterventions', r().screen === 'interventions' || r().screen === 'intervention'),
          item('/coordinator/period/current', 'navPeriod', r().screen === 'period'),
          item('/coordinator/year/current', 'navYear', r().screen === 'year'),
        ]
      : []),
    item('/pictures', 'navPictures', r().screen === 'pictures' || r().screen === 'picture'),
  ];
  return (
    <>
      <StaffNav label={t('nav')} items={nav()} />
      <Show when={!staff()}>
        <p class="muted no-print">{t('readerOnly')}</p>
      </Show>
      <Switch>
        <Match when={r().screen === 'week' && week()} keyed>{(w) => <WeekView week={w} />}</Match>
        <Match when={r().screen === 'participation' && week()} keyed>{(w) => <ParticipationView week={w} />}</Match>
        <Match when={r().screen === 'draft' && week()} keyed>{(w) => <DraftEditor week={w} />}</Match>
        <Match when={r().screen === 'meeting' && week()} keyed>{(w) => <MeetingView week={w} />}</Match>
        <Match when={r().screen === 'interventions'}><InterventionsScreen /></Match>
        <Match when={(() => { const x = r(); return x.screen === 'intervention' ? x.id : false; })()} keyed>{(id) => <InterventionScreen id={id} />}</Match>
        <Match when={(() => { const x = r(); return x.screen === 'period' ? x.period : false; })()} keyed>{(p) => <PeriodView period={p} />}</Match>
        <Match when={(() => { const x = r(); return x.screen === 'year' ? x.year : false; })()} keyed>{(y) => <YearView year={y} />}</Match>
        <Match when={r().screen === 'pictures'}><PictureList canWithdraw={props.me.role === 'admin'} /></Match>
        <Match when={(() => { const x = r(); return x.screen === 'picture' ? `${x.week}/${x.version}` : false; })()} keyed>
          {(key) => <PictureView week={key.split('/')[0]!} version={key.split('/')[1] === 'latest' ? 'latest' : Number(key.split('/')[1])} />}
        </Match>
      </Switch>
    </>
  );
}
