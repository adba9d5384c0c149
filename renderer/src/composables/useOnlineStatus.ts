import { onScopeDispose, ref, type Ref } from 'vue';

export function useOnlineStatus(): { online: Ref<boolean> } {
  const online = ref(navigator.onLine);
  const update = (): void => {
    online.value = navigator.onLine;
  };
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  onScopeDispose(() => {
    window.removeEventListener('online', update);
    window.removeEventListener('offline', update);
  });
  return { online };
}
