import { describe, expect, it } from 'vitest';
import { buildWebCsp } from './serve-web.mjs';

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('browser-mode CSP', () => {
  it('lets the page reach exactly its backend and its basemap host', () => {
    const csp = buildWebCsp('http://127.0.0.1:7070', 'https://tiles.qj.example/style.json');
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' http://127.0.0.1:7070 ws://127.0.0.1:7070 https://tiles.qj.example");
    expect(directive(csp, 'img-src')).toBe("img-src 'self' data: blob: https://tiles.qj.example");
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
  });

  it('ignores parameters that are not http(s) URLs', () => {
    const csp = buildWebCsp('javascript:alert(1)', 'offline');
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self'");
    expect(directive(csp, 'img-src')).toBe("img-src 'self' data: blob:");
  });
});
