/** The demo county every end-to-end run is seeded with: small enough to import in seconds, fixed so tests can name real rows. */
export const E2E_DEMO = { households: 240, years: 10, seed: 7 } as const;
