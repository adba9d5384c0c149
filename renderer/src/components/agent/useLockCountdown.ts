import { computed, onScopeDispose, ref, watch, type ComputedRef, type Ref } from 'vue';

export interface LockCountdown {
  /** ISO time until which the agent is locked; null when not locked. */
  lockedUntil: Ref<string | null>;
  secondsLeft: ComputedRef<number>;
  locked: ComputedRef<boolean>;
}

/** A ticking "try again in N s" for a PIN lockout; it clears itself when the time is up. */
export function useLockCountdown(): LockCountdown {
  const lockedUntil = ref<string | null>(null);
  const now = ref(Date.now());
  const timer = window.setInterval(() => {
    now.value = Date.now();
    if (lockedUntil.value !== null && Date.parse(lockedUntil.value) <= now.value) lockedUntil.value = null;
  }, 500);
  onScopeDispose(() => window.clearInterval(timer));
  // A fresh lock counts from now, not from the last tick.
  watch(lockedUntil, () => (now.value = Date.now()));

  const secondsLeft = computed(() => (lockedUntil.value === null ? 0 : Math.max(0, Math.ceil((Date.parse(lockedUntil.value) - now.value) / 1000))));
  const locked = computed(() => secondsLeft.value > 0);
  return { lockedUntil, secondsLeft, locked };
}
