import { describe, expect, it } from 'vitest';
import { buildCsp } from './csp';

function directives(csp: string): Map<string, string> {
  return new Map(csp.split('; ').map((d) => [d.split(' ')[0] ?? '', d.split(' ').slice(1).join(' ')]));
}

describe('buildCsp', () => {
  it('allows the demo server over http and ws and nothing else off the app', () => {
    const csp = buildCsp({ backendOrigin: 'http://127.0.0.1:41234' });
    expect(csp).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http://127.0.0.1:41234; " +
        "media-src 'self' blob: http://127.0.0.1:41234; worker-src 'self' blob:; " +
        "connect-src 'self' http://127.0.0.1:41234 ws://127.0.0.1:41234; font-src 'self' data:; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('uses wss for an https backend and strips any path', () => {
    const d = directives(buildCsp({ backendOrigin: 'https://stream.qj.example:8443/socket/v1?x=1' }));
    expect(d.get('connect-src')).toBe("'self' https://stream.qj.example:8443 wss://stream.qj.example:8443");
    expect(d.get('media-src')).toBe("'self' blob: https://stream.qj.example:8443");
  });

  it("allows a configured online basemap's host for its style, tiles and images, and nothing else", () => {
    const d = directives(buildCsp({ backendOrigin: 'http://127.0.0.1:1', basemapUrl: 'https://tiles.qj.example/styles/dark.json?k=1' }));
    expect(d.get('connect-src')).toBe("'self' http://127.0.0.1:1 ws://127.0.0.1:1 https://tiles.qj.example");
    expect(d.get('img-src')).toBe("'self' data: blob: https://tiles.qj.example http://127.0.0.1:1");
    for (const basemapUrl of ['offline', 'javascript:alert(1)', 'file:///etc/passwd']) {
      expect(directives(buildCsp({ backendOrigin: 'http://127.0.0.1:1', basemapUrl })).get('connect-src')).toBe("'self' http://127.0.0.1:1 ws://127.0.0.1:1");
    }
  });

  it('lets the configured media gateways serve camera video, pictures and stream sockets, by origin only', () => {
    const d = directives(
      buildCsp({ backendOrigin: 'https://stream.qj.example', mediaUrls: ['https://gw1.qj.example:10443/live/', 'http://10.2.3.4:8080', 'javascript:alert(1)'] }),
    );
    expect(d.get('media-src')).toBe("'self' blob: https://stream.qj.example https://gw1.qj.example:10443 http://10.2.3.4:8080");
    expect(d.get('img-src')).toContain('https://gw1.qj.example:10443');
    expect(d.get('connect-src')).toContain('wss://gw1.qj.example:10443');
    expect(d.get('connect-src')).toContain('ws://10.2.3.4:8080');
    expect(d.get('script-src')).toBe("'self'");
    expect([...d.values()].join(' ')).not.toContain('javascript');
  });

  it('never allows inline or eval scripts', () => {
    const d = directives(buildCsp({ backendOrigin: 'http://127.0.0.1:1' }));
    expect(d.get('script-src')).toBe("'self'");
    expect(buildCsp({ backendOrigin: 'http://127.0.0.1:1' })).not.toMatch(/unsafe-eval|\*/);
  });

  it('cannot be injected through the backend address', () => {
    const csp = buildCsp({ backendOrigin: "http://evil.example/; script-src 'unsafe-inline'" });
    expect(directives(csp).get('script-src')).toBe("'self'");
    expect(csp.split('; ')).toHaveLength(12);
    expect(() => buildCsp({ backendOrigin: 'javascript:alert(1)' })).toThrow();
    expect(() => buildCsp({ backendOrigin: 'not a url' })).toThrow();
  });
});
