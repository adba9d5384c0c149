import { onScopeDispose } from 'vue';
import { IdCardKeyBuffer } from '../lib/idCardKeyBuffer';

export interface UseIdCardReaderOptions {
  /** Called with the 18 characters a reader typed, followed by Enter. */
  onRead: (idNumber: string) => void;
}

/** Listens on the whole window while the calling screen is mounted. */
export function useIdCardReader({ onRead }: UseIdCardReaderOptions): void {
  const buffer = new IdCardKeyBuffer();
  const onKeyDown = (event: KeyboardEvent): void => {
    const id = buffer.feed(event.key, event.timeStamp);
    if (id) {
      event.preventDefault();
      onRead(id);
    }
  };
  window.addEventListener('keydown', onKeyDown, { capture: true });
  onScopeDispose(() => window.removeEventListener('keydown', onKeyDown, { capture: true }));
}
