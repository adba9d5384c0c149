import { computed, type ComputedRef } from 'vue';
import { useUiStore } from '../../stores/ui';

/**
 * The root font size in px, following the kiosk's text-size switch. Charts and the virtual list
 * need pixels; the stylesheet's rem sizes stay the one source of truth.
 */
export function useRootFontPx(): ComputedRef<number> {
  const ui = useUiStore();
  return computed(() => {
    void ui.textSize;
    const px = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
    return Number.isFinite(px) && px > 0 ? px : 20;
  });
}
