import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, KIOSK_CSP, normalizeHttpOrigin } from '../../../electron/logic/csp';

function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(map.has(name), `directive ${name} appears twice`).toBe(false);
    map.set(name, sources);
  }
  return map;
}

describe('Content-Security-Policy', () => {
  const policy = directives(KIOSK_CSP);

  it('has the strict directives the shell promises', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it('never lets scripts run from inline code, eval or other origins', () => {
    expect(KIOSK_CSP).not.toContain('unsafe-eval');
    expect(KIOSK_CSP).not.toMatch(/\*/);
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
    expect(KIOSK_CSP).not.toMatch(/https?:/);
  });

  it("allows inline styles only (ECharts' HTML tooltips), nothing else inline", () => {
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    const inlineDirectives = [...policy].filter(([, sources]) => sources.includes("'unsafe-inline'")).map(([name]) => name);
    expect(inlineDirectives).toEqual(['style-src']);
  });

  it('adds the county origin to connect-src only', () => {
    const withCounty = directives(buildContentSecurityPolicy({ countyOrigin: 'https://county.example.cn:8443/api/v1/' }));
    expect(withCounty.get('connect-src')).toEqual(["'self'", 'https://county.example.cn:8443']);
    expect(withCounty.get('script-src')).toEqual(["'self'"]);
    expect(withCounty.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('refuses county values that are not a plain http(s) origin', () => {
    for (const bad of ['county.example.cn', 'javascript:alert(1)', 'ftp://county.example.cn', 'https://a b', '*', 'https://user:pw@county.example.cn']) {
      expect(() => normalizeHttpOrigin(bad), bad).toThrow();
    }
    // A semicolon in the path cannot smuggle a directive: only the origin is kept.
    expect(normalizeHttpOrigin("https://county.example.cn/x; script-src 'unsafe-eval'")).toBe('https://county.example.cn');
  });
});
