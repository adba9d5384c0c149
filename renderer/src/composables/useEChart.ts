import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';

// Only what the kiosk's bar charts use is registered, so the bundle carries no other chart type.
// SVG keeps text crisp at the kiosk's large type and costs little for a few dozen bars.
use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, TitleComponent, SVGRenderer]);

export interface UseEChartOptions {
  /** The element the chart draws into (a template ref); the chart follows it as it appears or goes. */
  el: Readonly<Ref<HTMLElement | null | undefined>>;
  /** The full option; replaced, not merged, whenever it changes. Null leaves the chart empty. */
  option: MaybeRefOrGetter<EChartsCoreOption | null | undefined>;
}

export interface UseEChartReturn {
  chart: ShallowRef<EChartsType | null>;
}

/** An ECharts instance bound to an element: redrawn when the option changes, resized with its box, disposed with the scope. */
export function useEChart({ el, option }: UseEChartOptions): UseEChartReturn {
  const chart = shallowRef<EChartsType | null>(null);
  let resizeObserver: ResizeObserver | null = null;

  function render(): void {
    const instance = chart.value;
    if (!instance) return;
    const value = toValue(option);
    if (value) instance.setOption(value, { notMerge: true, lazyUpdate: true });
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
      const instance = init(node, null, { renderer: 'svg' });
      chart.value = instance;
      resizeObserver = new ResizeObserver(() => instance.resize());
      resizeObserver.observe(node);
      render();
    },
    { immediate: true, flush: 'post' },
  );
  watch(() => toValue(option), render, { flush: 'post' });
  onScopeDispose(teardown);

  return { chart };
}
