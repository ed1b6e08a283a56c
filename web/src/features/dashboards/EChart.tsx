/**
 * The one React wrapper around ECharts: tree-shaken imports (line and bar charts, the grid, tooltip, legend and aria
 * components, the SVG renderer), resized with its box, disposed with the component, its text in the screen's face
 * (the page's own font, as the body is set: styles.css). Loaded with the dashboards only.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerChartParts, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartOption } from './chart-options.js';

registerChartParts([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export function EChart({ option, height, testId }: { option: ChartOption; height: number; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const element = box.current!;
    const instance = init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const font = getComputedStyle(box.current ?? document.body).fontFamily;
    chart.current?.setOption({ ...option, textStyle: { fontFamily: font } }, { notMerge: true });
  }, [option]);

  // ECharts writes the chart's Vietnamese description into aria-label (the aria component)
  return <div ref={box} role="img" data-testid={testId} style={{ width: '100%', height }} />;
}
