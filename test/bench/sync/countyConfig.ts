/**
 * Every simulated kiosk shares 127.0.0.1, while the server's rate limit is per client address: in
 * the field each kiosk has its own. The limit is raised out of the way (the plugin still runs).
 */
export const BENCH_RATE_LIMIT = 100_000_000;
