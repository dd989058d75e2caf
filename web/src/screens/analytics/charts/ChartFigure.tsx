import { lazy, type ReactNode, Suspense } from 'react';
import type { ChartOption } from './chart-options';

// ECharts arrives with the first chart a screen shows, never with the first page.
const EChart = lazy(() => import('./EChart'));

export interface DataTable {
  columns: readonly string[];
  rows: readonly (readonly ReactNode[])[];
}

/**
 * A chart with its text alternatives: an aria-label summarising it and the same figures as a
 * table behind "Show table" (open on the printed report, where nothing can be clicked).
 */
export function ChartFigure({
  title,
  summary,
  option,
  table,
  height = 260,
  tableOpen = false,
}: {
  title: string;
  summary: string;
  option: ChartOption;
  table: DataTable;
  height?: number;
  tableOpen?: boolean;
}) {
  return (
    <figure className="chart-figure">
      <figcaption>{title}</figcaption>
      <div className="chart" role="img" aria-label={summary} style={{ minHeight: height }}>
        <Suspense fallback={<p className="muted">Loading the chart…</p>}>
          <EChart option={option} height={height} />
        </Suspense>
      </div>
      <details className="chart-table" open={tableOpen}>
        <summary>Show table</summary>
        {/* Focusable so a keyboard can scroll a table wider than a phone. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={`${title}: table`}>
          <table className="table">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
