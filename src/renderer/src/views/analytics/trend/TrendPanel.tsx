// Analytics → trends: the panel the Analytics view places, with its part of the URL state. Its
// body (TrendTable.tsx: filters, the fit per device signal, the sortable table) is fetched when
// the panel is first shown, so the Analytics view's own chunk — and the list of what it needs,
// which the first view carries — stays small.
import { lazy, Suspense } from 'react';
import type { TrendParams } from './trend-params';

export interface TrendPanelProps {
  params: TrendParams;
  onChange(params: TrendParams): void;
}

const TrendTable = lazy(() => import('./TrendTable').then((m) => ({ default: m.TrendTable })));

export function TrendPanel(props: TrendPanelProps) {
  return (
    <Suspense fallback={<p className="view-empty">Loading trends…</p>}>
      <TrendTable {...props} />
    </Suspense>
  );
}
