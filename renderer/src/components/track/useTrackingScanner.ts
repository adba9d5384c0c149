import { onScopeDispose } from 'vue';
import { TrackingScanBuffer } from './trackingScanBuffer';

/**
 * Listens on the whole window while the tracking screen is mounted. Keys typed into a text field
 * are left to it; only text that ends with Enter and looks like a number is taken (the caller decides).
 */
export function useTrackingScanner(onScan: (text: string) => boolean): void {
  const buffer = new TrackingScanBuffer();
  const onKeyDown = (event: KeyboardEvent): void => {
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
    const text = buffer.feed(event.key, event.timeStamp);
    if (text !== null && onScan(text)) event.preventDefault();
  };
  window.addEventListener('keydown', onKeyDown, { capture: true });
  onScopeDispose(() => window.removeEventListener('keydown', onKeyDown, { capture: true }));
}
