// The label form as a popover over a chart, placed at the range (or pin, or label) it is about
// and kept inside the chart's box; on a narrow screen it spans the chart's width.
import type { ChartPoint } from '../charts/use-label-layer';
import { LabelForm, type LabelFormProps } from './LabelForm';

/** The popover's width (labels.css), to keep it inside the chart. */
const WIDTH_PX = 340;

export function LabelPopover({ at, ...form }: LabelFormProps & { at: ChartPoint }) {
  const left = Math.max(0, at.x - WIDTH_PX / 2);
  return (
    <div className="label-popover" data-testid="label-popover" style={{ ['--popover-x' as string]: `${left}px` }}>
      <LabelForm {...form} />
    </div>
  );
}
