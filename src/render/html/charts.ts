/**
 * The page's charts as static SVG, drawn on the server by Apache ECharts (its server-side SVG
 * renderer: no script, no canvas, nothing runs in the page). Only the chart types used are
 * registered. Labels pass through terminalSafe; ECharts escapes them for SVG.
 *
 * The numbers a reader needs are also in the SVG as text: each day's failures label the failure
 * line (in FAILED_LABEL_COLOUR, which nothing else uses), and every chart has its data as a table
 * beside it.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { DayCount } from '../../model/report.js';
import { terminalSafe } from '../terminal-safe.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

export const FAILED_LABEL_COLOUR = '#b3001b';
const VOLUME_COLOUR = '#8fb3d9';
const CAUSE_COLOURS = ['#cf222e', '#bf8700', '#8250df', '#0969da', '#1a7f37', '#8c959f'];
const WIDTH = 900;
const HEIGHT = 300;

function svgOf(option: echarts.EChartsCoreOption, height = HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'Arial, sans-serif' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const shortDate = (d: string) => d.slice(5);

/** Deliveries per day as bars, failures per day as a line on their own axis, each failure count written on it. */
export function trendChart(days: readonly DayCount[], title: string): string {
  return svgOf({
    legend: { top: 0, data: ['Deliveries', 'Failed'] },
    grid: { left: 56, right: 56, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: days.map((d) => shortDate(d.date)) },
    yAxis: [
      { type: 'value', name: 'deliveries', minInterval: 1 },
      { type: 'value', name: 'failed', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: 'Deliveries', type: 'bar', data: days.map((d) => d.deliveries), itemStyle: { color: VOLUME_COLOUR } },
      {
        name: 'Failed',
        type: 'line',
        yAxisIndex: 1,
        data: days.map((d) => d.failed),
        itemStyle: { color: '#cf222e' },
        label: {
          show: true,
          position: 'top',
          color: FAILED_LABEL_COLOUR,
          formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : ''),
        },
      },
    ],
    aria: { enabled: true, label: { description: title } },
  });
}

/** The top causes' failures per day, stacked; the rest as "Other causes". */
export function causeTrendChart(
  days: readonly DayCount[],
  causes: ReadonlyArray<{ id: string; title: string }>,
): string {
  const top = causes.slice(0, CAUSE_COLOURS.length - 1);
  const topIds = new Set(top.map((c) => c.id));
  const series = top.map((c, i) => ({
    name: terminalSafe(c.title, 60),
    type: 'bar',
    stack: 'causes',
    data: days.map((d) => d.causes[c.id] ?? 0),
    itemStyle: { color: CAUSE_COLOURS[i] },
  }));
  const other = days.map((d) => Object.entries(d.causes).reduce((sum, [id, n]) => (topIds.has(id) ? sum : sum + n), 0));
  if (other.some((n) => n > 0))
    series.push({
      name: 'Other causes',
      type: 'bar',
      stack: 'causes',
      data: other,
      itemStyle: { color: CAUSE_COLOURS[CAUSE_COLOURS.length - 1] },
    });
  return svgOf(
    {
      legend: { top: 0, type: 'plain', data: series.map((s) => s.name) },
      grid: { left: 56, right: 24, top: 24 + 22 * Math.ceil(series.length / 2), bottom: 32 },
      xAxis: { type: 'category', data: days.map((d) => shortDate(d.date)) },
      yAxis: { type: 'value', name: 'failed', minInterval: 1 },
      series,
    },
    HEIGHT + 22 * Math.ceil(series.length / 2),
  );
}
