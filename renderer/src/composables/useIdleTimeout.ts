import { computed, onScopeDispose, ref, toValue, type MaybeRefOrGetter, type Ref, type ComputedRef } from 'vue';

export interface UseIdleTimeoutOptions {
  /** Inactivity after which onIdle runs. */
  timeoutMs: number;
  /** How long before the timeout the warning shows. */
  warningMs: number;
  /** Whether the timer runs at all (off on the home screen). */
  enabled: MaybeRefOrGetter<boolean>;
  onIdle: () => void;
  /** Events that count as activity. */
  events?: string[];
}

export interface UseIdleTimeoutReturn {
  warning: ComputedRef<boolean>;
  secondsLeft: ComputedRef<number>;
  reset: () => void;
  lastActivity: Ref<number>;
}

const DEFAULT_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'];
const TICK_MS = 250;

/** Returns the kiosk to its home screen when a resident walks away, with a visible countdown first. */
export function useIdleTimeout({ timeoutMs, warningMs, enabled, onIdle, events = DEFAULT_EVENTS }: UseIdleTimeoutOptions): UseIdleTimeoutReturn {
  const lastActivity = ref(Date.now());
  const now = ref(Date.now());

  const reset = (): void => {
    lastActivity.value = Date.now();
    now.value = lastActivity.value;
  };
  for (const name of events) window.addEventListener(name, reset, { capture: true, passive: true });

  const timer = window.setInterval(() => {
    now.value = Date.now();
    if (!toValue(enabled)) {
      lastActivity.value = now.value;
      return;
    }
    if (now.value - lastActivity.value >= timeoutMs) {
      reset();
      onIdle();
    }
  }, TICK_MS);

  onScopeDispose(() => {
    window.clearInterval(timer);
    for (const name of events) window.removeEventListener(name, reset, { capture: true });
  });

  const remainingMs = computed(() => Math.max(0, timeoutMs - (now.value - lastActivity.value)));
  const warning = computed(() => toValue(enabled) && remainingMs.value <= warningMs);
  const secondsLeft = computed(() => Math.ceil(remainingMs.value / 1000));
  return { warning, secondsLeft, reset, lastActivity };
}
