// The lifecycle every chart shares: one ECharts instance per container, held in a ref (never
// in state), resized with its box, disposed on unmount.
import { useEffect, useRef, type RefObject } from 'react';
import { createChart, type ChartInstance } from './echarts';

export function useChart(container: RefObject<HTMLElement | null>): RefObject<ChartInstance | null> {
  const chart = useRef<ChartInstance | null>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const instance = createChart(el);
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.current = null;
      instance.dispose();
    };
  }, [container]);

  return chart;
}
