/**
 * The kiosk's Content-Security-Policy, sent as a header with every app:// response (HTML, scripts,
 * workers: a worker's policy comes from its own response).
 *
 * style-src allows 'unsafe-inline' for ONE reason: ECharts' HTML tooltips set their markup with
 * innerHTML containing style="" attributes, which CSP blocks without it. Vue itself does not need it
 * (its :style bindings go through CSSOM, which CSP does not govern, and Vite extracts SFC styles to
 * .css files). The risk is limited to CSS injection; script-src stays 'self' only, with no
 * 'unsafe-inline' or 'unsafe-eval', so injected markup can never run code.
 */
export interface CspOptions {
  /** The county server's origin once the kiosk is enrolled (sync), e.g. https://county.example.cn */
  countyOrigin?: string | null;
}

export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'"];
  if (options.countyOrigin) connect.push(normalizeHttpOrigin(options.countyOrigin));
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['connect-src', connect],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * Reduces a configured county URL to a bare http(s) origin. Anything else (other schemes, a
 * wildcard, a value with spaces or semicolons that could smuggle a directive) is rejected.
 */
export function normalizeHttpOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`county URL is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`county URL must be http(s): ${JSON.stringify(url)}`);
  }
  if (parsed.username || parsed.password) throw new Error('county URL must not carry credentials');
  return parsed.origin;
}

/** The policy of the shell as shipped today (no county enrolled yet). */
export const KIOSK_CSP = buildContentSecurityPolicy();

/**
 * The policy for responses after the kiosk enrolled: the county's origin joins connect-src, so the
 * sync worker (whose policy comes from its own response) may reach it. Pages loaded before keep theirs.
 * An unusable stored URL falls back to the strict policy rather than widening it.
 */
export function contentSecurityPolicyFor(enrollment: { countyUrl: string } | null): string {
  if (!enrollment) return KIOSK_CSP;
  try {
    return buildContentSecurityPolicy({ countyOrigin: enrollment.countyUrl });
  } catch {
    return KIOSK_CSP;
  }
}
