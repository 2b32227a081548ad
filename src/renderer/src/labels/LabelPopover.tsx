// The label form as a popover over a chart, beside the range (or pin, or label) it is about —
// to its left when there is room there, else to its right — so the outlined range stays in
// sight, kept inside the chart's box; on a narrow screen it spans the chart's width.
import type { ChartPoint } from '../charts/use-label-layer';
import { LabelForm, type LabelFormProps } from './LabelForm';

/** The popover's width (labels.css), and its distance from the point it is about. */
const WIDTH_PX = 340;
const GAP_PX = 24;

export function LabelPopover({ at, ...form }: LabelFormProps & { at: ChartPoint }) {
  const left = at.x >= WIDTH_PX + GAP_PX ? at.x - WIDTH_PX - GAP_PX : at.x + GAP_PX;
  return (
    <div className="label-popover" data-testid="label-popover" style={{ ['--popover-x' as string]: `${left}px` }}>
      <LabelForm {...form} />
    </div>
  );
}
