/**
 * ECharts options built from plain figures. Kept apart from EChart.tsx so screens can build
 * options (and their tables) without pulling ECharts into their own chunk.
 */
export type ChartOption = Record<string, unknown>;

const INK = '#1f2933';
const MUTED = '#9aa5b1';
const SERIES = ['#1f5fa8', '#c2410c', '#0f766e', '#7c3aed', '#b91c1c', '#4d7c0f'];

export interface Bar {
  label: string;
  value: number | null;
  /** Below the minimum sample: drawn grey, never ranked. */
  insufficient: boolean;
  n: number;
}

/** Horizontal bars, one per group, each labelled with its sample size. */
export function barOption(bars: readonly Bar[], valueName: string): ChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', name: valueName, nameLocation: 'middle', nameGap: 24 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((b) => b.label),
      axisLabel: { color: INK, width: 120, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: valueName,
        data: bars.map((b) => ({
          value: b.value ?? 0,
          itemStyle: { color: b.insufficient ? MUTED : SERIES[0] },
          label: {
            show: true,
            position: 'right',
            color: INK,
            formatter: b.insufficient ? `n=${b.n}, too few` : `n=${b.n}`,
          },
        })),
      },
    ],
  };
}

export interface Line {
  name: string;
  values: (number | null)[];
}

export interface Marker {
  /** The x category the marker stands on (same labels as `x`). */
  x: string;
  text: string;
}

/** Lines over shared x categories, with vertical markers (decisions) carrying their text. */
export function lineOption(
  x: readonly string[],
  lines: readonly Line[],
  markers: readonly Marker[] = [],
) {
  return {
    animation: false,
    color: SERIES,
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { show: lines.length > 1, top: 0, textStyle: { color: INK } },
    xAxis: { type: 'category', data: x, axisLabel: { color: INK } },
    yAxis: { type: 'value', axisLabel: { color: INK } },
    series: lines.map((line, i) => ({
      type: 'line',
      name: line.name,
      data: line.values,
      connectNulls: false,
      ...(i === 0 && markers.length > 0
        ? {
            markLine: {
              symbol: 'none',
              silent: false,
              lineStyle: { color: '#b45309', type: 'dashed' },
              label: {
                formatter: (p: { name: string }) => p.name,
                color: INK,
                position: 'insideEndTop',
              },
              data: markers.map((m) => ({ xAxis: m.x, name: m.text })),
            },
          }
        : {}),
    })),
  } satisfies ChartOption;
}
