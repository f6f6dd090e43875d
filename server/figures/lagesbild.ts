/**
 * The statutory lägesbild for a year, assembled from the year review, the
 * period analyses of the year and the sources' series (shared/lagesbild.ts).
 * Pure: it only selects and arranges numbers those already computed, so every
 * figure in the document equals the year review's; the prefilled analysis
 * texts are those numbers written out in Swedish.
 */
import { INDICATOR_KEYS, indicator, type IndicatorKey } from '../../shared/indicators';
import type { FigureSeries } from '../../shared/figures';
import type { PeriodAnalysis, YearReview } from '../../shared/followup';
import type { LagesbildDocument, LagesbildIntervention, LagesbildPeriodFacts, LagesbildSourceFacts, LagesbildTexts } from '../../shared/lagesbild';
import { TIMES_OF_DAY, type TimeOfDay } from '../../shared/limits';

export interface LagesbildInput {
  review: YearReview;
  /** The year's weeks against the previous year. */
  figures: FigureSeries;
  /** compileQuarter of every period of the year, in order. */
  periods: PeriodAnalysis[];
  /** Time of day of the observations in the year's weeks that are not over (the periods count them; the review does not). */
  notOverTimeOfDay: TimeOfDay[];
  texts: { version: number; updatedAt: string | null; values: LagesbildTexts | null };
}

export const TIME_OF_DAY_SV: Record<TimeOfDay, string> = { day: 'dag', evening: 'kväll', night: 'natt', unknown: 'okänd tid' };
export const DECISION_SV: Record<string, string> = { continue: 'fortsätt', expand: 'utöka', change: 'ändra', end: 'avsluta' };
export const OUTCOME_SV: Record<string, string> = { better: 'bättre', unchanged: 'oförändrat', worse: 'sämre' };
export const CARRIED_OUT_SV: Record<string, string> = { yes: 'ja', partly: 'delvis', no: 'nej' };
export const TREND_SV: Record<string, string> = { up: 'ökning', down: 'minskning', flat: 'oförändrat', new: 'nytt', unknown: 'jämförelse saknas' };

const pct = (now: number, before: number): string => {
  if (before === 0) return '';
  const p = Math.round(((now - before) / before) * 100);
  return ` (${p > 0 ? '+' : ''}${p} % mot föregående år)`;
};

export function compileLagesbild(input: LagesbildInput): LagesbildDocument {
  const { review, figures } = input;
  const areaName = new Map(review.areas.map((a) => [a.id, a.name]));

  const sources: LagesbildSourceFacts[] = figures.sources.map((s) => ({
    ...s,
    byPeriod: review.periods.map((p) => {
      let count = 0;
      figures.weeks.forEach((w, i) => {
        if (w >= p.first && w <= p.last) count += s.series[i]!;
      });
      return { period: p.period, label: p.label.sv, count };
    }),
  }));

  const timeOfDay = Object.fromEntries(TIMES_OF_DAY.map((t) => [t, 0])) as Record<TimeOfDay, number>;
  const periods: LagesbildPeriodFacts[] = input.periods.map((p) => {
    for (const t of TIMES_OF_DAY) timeOfDay[t] += p.totals.timeOfDay[t];
    return {
      period: p.period,
      label: p.label.sv,
      first: p.weeks[0]!,
      last: p.weeks[p.weeks.length - 1]!,
      lowCoverage: p.areas.filter((a) => a.coverage.status === 'low').map((a) => a.name),
      noCoverage: p.areas.filter((a) => a.noCoverage).map((a) => a.name),
      participation: p.participation,
      recurringPlaces: p.areas.flatMap((a) =>
        a.recurringPlaces.map((r) => ({ areaName: a.name, placeName: r.placeName, weeks: r.weeks, count: r.count, categories: r.categories })),
      ).sort((a, b) => b.weeks - a.weeks || b.count - a.count),
      timeOfDay: p.totals.timeOfDay,
      prioritisedAreas: (p.priorities.current?.areaIds ?? []).map((id) => areaName.get(id) ?? id),
    };
  });

  for (const t of input.notOverTimeOfDay) timeOfDay[t]--;

  const interventions: LagesbildIntervention[] = review.interventions.map((i) => {
    const last = i.followUps[i.followUps.length - 1];
    return {
      id: i.id,
      area: i.area.name,
      place: i.place?.name ?? null,
      problem: i.problem,
      categories: i.countedCategories,
      action: i.action,
      organisation: i.organisation,
      term: i.term,
      plannedStart: i.plannedStart,
      plannedEnd: i.plannedEnd,
      status: i.status,
      beforeAfter: i.beforeAfter,
      followUp: last
        ? { week: last.week, carriedOut: last.carriedOut, outcome: last.outcome, decision: last.decision, note: last.decisionNote ?? last.outcomeNote }
        : null,
    };
  });

  const doc: LagesbildDocument = {
    year: review.year,
    weeks: { first: review.weeks[0]!, last: review.weeks[review.weeks.length - 1]!, count: review.weeks.length, over: review.weeksOver },
    asOf: review.asOf,
    crime: { sources },
    other: {
      indicators: review.totals.byCategory,
      total: { count: review.totals.total, previousYear: review.totals.previousYear },
      areas: review.areas.map((a) => ({ id: a.id, name: a.name, total: a.total, previousYearTotal: a.previousYearTotal, byCategory: a.byCategory })),
      timeOfDay,
      reports: {
        total: review.totals.reports.reduce((a, b) => a + b, 0),
        calm: review.totals.calm.reduce((a, b) => a + b, 0),
        weeksWithReports: review.totals.reports.filter((n) => n > 0).length,
      },
      periods,
    },
    texts: { version: 0, updatedAt: null, values: emptyTexts(), prefill: emptyTexts() },
    actionPlan: { interventions, summary: review.summary },
  };
  const prefill = prefillTexts(doc);
  doc.texts = { version: input.texts.version, updatedAt: input.texts.updatedAt, values: input.texts.values ?? prefill, prefill };
  return doc;
}

const emptyTexts = (): LagesbildTexts => ({ crime: '', other: '', analysis: '', actionPlan: '' });
const label = (c: IndicatorKey) => indicator(c).sv.label;

/** The facts as sentences: where the coordinators start writing their analysis. */
export function prefillTexts(doc: LagesbildDocument): LagesbildTexts {
  const crime = doc.crime.sources.length === 0
    ? 'Inga siffror från andra källor (polis, fastighet, räddningstjänst) har förts in för året.'
    : doc.crime.sources
        .map((s) => {
          const cats = [...s.categories].filter((c) => c.total > 0).sort((a, b) => b.total - a.total).slice(0, 3);
          const areas = s.areas.filter((a) => a.total > 0).slice(0, 3);
          return [
            `${s.name}: ${s.total} under ${doc.year}${pct(s.total, s.previousTotal)}, siffror för ${s.weeksDelivered} av ${doc.weeks.count} veckor.`,
            cats.length ? `Vanligast: ${cats.map((c) => `${c.name} (${c.total})`).join(', ')}.` : '',
            areas.length ? `Flest i ${areas.map((a) => `${a.areaName} (${a.total})`).join(', ')}.` : '',
          ].filter(Boolean).join(' ');
        })
        .join('\n\n');

  const o = doc.other;
  const topCats = INDICATOR_KEYS.map((c) => ({ c, n: o.indicators[c].count })).filter((x) => x.n > 0).sort((a, b) => b.n - a.n).slice(0, 3);
  const topAreas = o.areas.filter((a) => a.total > 0).slice(0, 3);
  const tod = TIMES_OF_DAY.filter((t) => t !== 'unknown').map((t) => ({ t, n: o.timeOfDay[t] })).sort((a, b) => b.n - a.n)[0];
  const recurring = doc.other.periods.flatMap((p) => p.recurringPlaces.map((r) => `${r.placeName} (${r.areaName}, ${p.label})`)).slice(0, 5);
  const lowCov = [...new Set(doc.other.periods.flatMap((p) => [...p.noCoverage, ...p.lowCoverage]))];
  const other = [
    `Informanterna rapporterade ${o.total.count} iakttagelser under ${doc.year}${pct(o.total.count, o.total.previousYear)}.`,
    topCats.length ? `Vanligast: ${topCats.map((x) => `${label(x.c)} (${x.n})`).join(', ')}.` : '',
    topAreas.length ? `Flest i ${topAreas.map((a) => `${a.name} (${a.total})`).join(', ')}.` : '',
    tod && tod.n > 0 ? `Flest iakttagelser gällde ${TIME_OF_DAY_SV[tod.t]} (${tod.n}).` : '',
    recurring.length ? `Återkommande platser: ${recurring.join('; ')}.` : 'Inga platser återkom under perioderna.',
    `${o.reports.total} veckorapporter kom in, varav ${o.reports.calm} lugna, under ${o.reports.weeksWithReports} veckor.`,
    lowCov.length ? `Låg eller ingen täckning under någon period: ${lowCov.join(', ')}.` : '',
  ].filter(Boolean).join(' ');

  const s = doc.actionPlan.summary;
  const actionPlan = s.interventions === 0
    ? 'Inga insatser registrerades under året.'
    : [
        `Under ${doc.year} registrerades ${s.interventions} insatser (${s.byTerm.short} kortsiktiga, ${s.byTerm.long} långsiktiga).`,
        `Senaste beslut: fortsätt ${s.byDecision.continue}, utöka ${s.byDecision.expand}, ändra ${s.byDecision.change}, avsluta ${s.byDecision.end}, utan uppföljning ${s.byDecision.none}.`,
        `Antalet iakttagelser efter start jämfört med före: färre ${s.byDirection.fewer}, oförändrat ${s.byDirection.unchanged}, fler ${s.byDirection.more}.`,
      ].join(' ');

  const analysis = 'Analys: vilka problem är störst, var och när uppstår de, och vilka samband finns mellan källornas siffror och informanternas rapporter? Vilka insatser bör fortsätta, utökas, ändras eller avslutas i åtgärdsplanen?';
  return { crime, other, analysis, actionPlan };
}
