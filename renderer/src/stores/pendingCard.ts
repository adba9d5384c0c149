import { defineStore } from 'pinia';

/**
 * An ID card read on the home screen, handed to My subsidies. Held in memory only, and taken
 * (cleared) by the screen that uses it, so the full number never lingers or reaches the URL.
 */
export const usePendingCardStore = defineStore('pendingCard', () => {
  let idNumber: string | null = null;

  function hold(value: string): void {
    idNumber = value;
  }

  function take(): string | null {
    const value = idNumber;
    idNumber = null;
    return value;
  }

  return { hold, take };
});
