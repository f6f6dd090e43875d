/**
 * The statutory lägesbild as a Word document (.docx): municipalities edit and
 * register it in Word. Built from the LagesbildDocument only – every number is
 * the compiled one, written as a plain integer.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { INDICATOR_KEYS, indicator } from '../../shared/indicators';
import type { LagesbildDocument } from '../../shared/lagesbild';
import { TIMES_OF_DAY } from '../../shared/limits';
import { CARRIED_OUT_SV, DECISION_SV, OUTCOME_SV, TIME_OF_DAY_SV, TREND_SV } from './lagesbild';

const h = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text, heading: level });
const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
/** Multi-line text: one paragraph per line (Word keeps the coordinators' line breaks). */
const texts = (text: string) => (text.trim() === '' ? [p('(Ingen text.)')] : text.split(/\r?\n/).map((line) => p(line)));

function table(header: string[], rows: (string | number)[][]): Table {
  const cell = (v: string | number, bold = false) =>
    new TableCell({
      children: [new Paragraph({ alignment: typeof v === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text: String(v), bold })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((t) => cell(t, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
    ],
  });
}

const DIRECTION_SV: Record<string, string> = { fewer: 'färre', unchanged: 'oförändrat', more: 'fler' };

export async function lagesbildDocx(doc: LagesbildDocument, meta: { municipality?: string; generatedAt: Date }): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  children.push(new Paragraph({ text: `Lägesbild ${doc.year}`, heading: HeadingLevel.TITLE }));
  children.push(p(`Kartläggning enligt lagen (2023:196) om kommuners ansvar för brottsförebyggande arbete. ${meta.municipality ? `${meta.municipality}. ` : ''}Veckorna ${doc.weeks.first}–${doc.weeks.last}, siffror till och med ${doc.asOf}. Framtagen ${meta.generatedAt.toISOString().slice(0, 10)}.`));
  children.push(p('Underlaget pekar inte ut enskilda personer. Siffror från andra källor och informanternas iakttagelser redovisas var för sig och summeras aldrig.'));

  // (1) Crime
  children.push(h('1. Brottslighet – omfattning och karaktär', HeadingLevel.HEADING_1));
  if (doc.crime.sources.length === 0) children.push(p('Inga siffror från andra källor har förts in för året.'));
  for (const s of doc.crime.sources) {
    children.push(h(s.name, HeadingLevel.HEADING_2));
    if (s.provider) children.push(p(`Källa: ${s.provider}.`));
    children.push(p(`Totalt ${s.total} (föregående år ${s.previousTotal}; ${TREND_SV[s.trend]}). Siffror för ${s.weeksDelivered} av ${doc.weeks.count} veckor.`));
    children.push(table(['Kategori', String(doc.year), String(doc.year - 1), 'Trend'], s.categories.map((c) => [c.name, c.total, c.previousTotal, TREND_SV[c.trend]!])));
    children.push(p(''));
    children.push(table(['Område', ...s.categories.map((c) => c.name), 'Totalt', String(doc.year - 1)], s.areas.map((a) => [a.areaName, ...s.categories.map((c) => a.byCategory[c.id] ?? 0), a.total, a.previousTotal])));
    children.push(p(''));
    children.push(table(['Period', 'Antal'], s.byPeriod.map((b) => [b.label, b.count])));
  }
  children.push(h('Analys', HeadingLevel.HEADING_3));
  children.push(...texts(doc.texts.values.crime));

  // (2) Other relevant information
  const o = doc.other;
  children.push(h('2. Annan relevant information – EST', HeadingLevel.HEADING_1));
  children.push(p(`Informanternas iakttagelser: ${o.total.count} (föregående år ${o.total.previousYear}). Veckorapporter: ${o.reports.total}, varav ${o.reports.calm} lugna, under ${o.reports.weeksWithReports} veckor.`));
  children.push(table(['Indikator', String(doc.year), String(doc.year - 1)], INDICATOR_KEYS.map((c) => [indicator(c).sv.label, o.indicators[c].count, o.indicators[c].previousYear])));
  children.push(p(''));
  children.push(table(['Område', 'Observationer', String(doc.year - 1)], o.areas.map((a) => [a.name, a.total, a.previousYearTotal])));
  children.push(p(''));
  children.push(table(['Tid på dygnet', 'Observationer'], TIMES_OF_DAY.map((t) => [TIME_OF_DAY_SV[t], o.timeOfDay[t]])));
  for (const per of o.periods) {
    children.push(h(`${per.label[0]!.toUpperCase()}${per.label.slice(1)} (${per.first}–${per.last})`, HeadingLevel.HEADING_3));
    children.push(p(`Prioriterade områden: ${per.prioritisedAreas.join(', ') || 'inga beslutade'}. Deltagande: ${per.participation.reporting} av ${per.participation.functions} funktioner rapporterade, ${per.participation.reports} rapporter varav ${per.participation.calm} lugna.`));
    if (per.noCoverage.length || per.lowCoverage.length) children.push(p(`Täckning: ingen i ${per.noCoverage.join(', ') || '–'}; låg i ${per.lowCoverage.join(', ') || '–'}.`));
    if (per.recurringPlaces.length) {
      children.push(table(['Återkommande plats', 'Område', 'Veckor', 'Observationer'], per.recurringPlaces.map((r) => [r.placeName, r.areaName, r.weeks, r.count])));
    }
  }
  children.push(h('Analys', HeadingLevel.HEADING_3));
  children.push(...texts(doc.texts.values.other));

  // (3) Analysis
  children.push(h('3. Analys', HeadingLevel.HEADING_1));
  children.push(...texts(doc.texts.values.analysis));

  // (4) Input to the action plan
  children.push(h('4. Underlag till åtgärdsplan', HeadingLevel.HEADING_1));
  const sum = doc.actionPlan.summary;
  children.push(p(`Insatser under året: ${sum.interventions}. Beslut: fortsätt ${sum.byDecision.continue}, utöka ${sum.byDecision.expand}, ändra ${sum.byDecision.change}, avsluta ${sum.byDecision.end}, ej uppföljda ${sum.byDecision.none}.`));
  if (doc.actionPlan.interventions.length) {
    children.push(
      table(
        ['Område', 'Problem', 'Insats', 'Före (4 v)', 'Efter (4 v)', 'Genomförd', 'Utfall', 'Beslut'],
        doc.actionPlan.interventions.map((i) => [
          i.place ? `${i.area}, ${i.place}` : i.area,
          [i.problem, i.categories.map((c) => indicator(c).sv.label).join(', ')].filter(Boolean).join(' – '),
          `${i.action} (${i.organisation}, ${i.plannedStart}${i.plannedEnd ? `–${i.plannedEnd}` : ''})`,
          i.beforeAfter.before.count,
          i.beforeAfter.after ? i.beforeAfter.after.count : '–',
          i.followUp ? CARRIED_OUT_SV[i.followUp.carriedOut] ?? i.followUp.carriedOut : '–',
          i.followUp ? OUTCOME_SV[i.followUp.outcome] ?? i.followUp.outcome : (i.beforeAfter.direction ? DIRECTION_SV[i.beforeAfter.direction]! : '–'),
          i.followUp ? DECISION_SV[i.followUp.decision] ?? i.followUp.decision : 'ej beslutat',
        ]),
      ),
    );
  }
  children.push(h('Analys', HeadingLevel.HEADING_3));
  children.push(...texts(doc.texts.values.actionPlan));

  const file = new Document({
    creator: 'Lägesbild',
    title: `Lägesbild ${doc.year}`,
    description: 'Lägesbild enligt lagen (2023:196) om kommuners ansvar för brottsförebyggande arbete',
    sections: [{ children }],
  });
  return Packer.toBuffer(file);
}
