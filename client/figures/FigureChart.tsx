/**
 * A source's weekly chart (its total and each of its own categories – never an
 * indicator), for the period analysis and the year review. Uses the year
 * review's chart (uPlot, with the table fallback for screen readers).
 */
import type { FigureSourceSeries } from '../../shared/figures';
import { WeeklyChart, type LineSeries } from '../coordinator/Chart';
import { ft } from './i18n';


/** Okabe–Ito colours with dashes, so lines stay apart in greyscale print. */
const PALETTE: { color: string; dash?: number[] }[] = [
  { color: '#0072B2' },
  { color: '#D55E00', dash: [6, 3] },
  { color: '#009E73', dash: [2, 2] },
  { color: '#CC79A7', dash: [8, 3, 2, 3] },
  { color: '#E69F00' },
  { color: '#56B4E9', dash: [6, 3] },
];

export function figureLines(s: FigureSourceSeries): LineSeries[] {
  return [
    { label: ft('figTotal'), values: s.series, color: '#1a1a1a', width: 2.5 },
    ...s.categories.map((c, i) => ({ label: c.name, values: c.series, ...PALETTE[i % PALETTE.length]!, width: 1.5 })),
  ];
}

export function FigureChart(props: { source: FigureSourceSeries; weeks: string[] }) {
  return <WeeklyChart title={ft('figChartLabel', { source: props.source.name })} weeks={props.weeks} series={figureLines(props.source)} height={180} />;
}
