import { BarChart } from 'echarts/charts';
import { AriaComponent, DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';

// Only what the dashboard's bar charts use is registered, so the bundle carries no other chart type.
// Canvas: a desk browser draws a year of stacked bars faster that way than as hundreds of SVG nodes.
use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, DatasetComponent, CanvasRenderer]);

/**
 * An ECharts instance bound to an element: redrawn when the option changes, resized with its box,
 * disposed with the scope. Tooltips should use renderMode 'richText': HTML tooltips write style
 * attributes, which the dashboard's CSP does not allow.
 */
export function useEChart(el: Readonly<Ref<HTMLElement | null | undefined>>, option: MaybeRefOrGetter<EChartsCoreOption | null>): ShallowRef<EChartsType | null> {
  const chart = shallowRef<EChartsType | null>(null);
  let resizeObserver: ResizeObserver | null = null;

  function render(): void {
    const instance = chart.value;
    if (!instance) return;
    const value = toValue(option);
    if (value) instance.setOption(value, { notMerge: true });
    else instance.clear();
  }

  function teardown(): void {
    resizeObserver?.disconnect();
    resizeObserver = null;
    chart.value?.dispose();
    chart.value = null;
  }

  watch(
    el,
    (node) => {
      teardown();
      if (!node) return;
      const instance = init(node, null, { renderer: 'canvas' });
      chart.value = instance;
      resizeObserver = new ResizeObserver(() => instance.resize());
      resizeObserver.observe(node);
      render();
    },
    { immediate: true, flush: 'post' },
  );
  watch(() => toValue(option), render, { flush: 'post', deep: false });
  onScopeDispose(teardown);
  return chart;
}
