import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLogLine } from './format';
import { createLogger } from './logger';
import { createRedactor, escapeControlChars } from './redact';
import { RotatingFile } from './rotating-file';

const SECRET = 'Zq8xV3kP0aLr7Ty2Wm9sNb4Hc6Jd1Fg5';

describe('redaction', () => {
  const redact = createRedactor();

  it.each([
    [`GET /socket.io/?EIO=4&token=${SECRET}&transport=polling`, 'token=[redacted]&transport=polling'],
    [`{"token":"${SECRET}","role":"wall"}`, '{"token":"[redacted]","role":"wall"}'],
    [`{ "consoleToken" : "${SECRET}" }`, '"consoleToken" : "[redacted]"'],
    [`auth = { token: '${SECRET}' }`, "token: '[redacted]'"],
    [`QUJING_TOKEN=${SECRET} node server`, 'QUJING_TOKEN=[redacted] node server'],
    [`Authorization: Bearer ${SECRET}`, 'Bearer [redacted]'],
    [`access_token=${SECRET}`, 'access_token=[redacted]'],
  ])('removes the token from %s', (input, expected) => {
    const out = redact(input);
    expect(out).not.toContain(SECRET);
    expect(out).toContain(expected);
  });

  it('leaves ordinary text alone', () => {
    const text = 'demo stream server ready on 127.0.0.1:41234 (token bucket 20/s)';
    expect(redact(text)).toBe(text);
  });

  it('removes registered secrets wherever they appear', () => {
    const r = createRedactor();
    r.addSecret(SECRET);
    expect(r(`child echoed ${SECRET} somewhere`)).toBe('child echoed [redacted] somewhere');
    expect(r(`token=${SECRET}&x=1`)).toBe('token=[redacted]&x=1');
    r.addSecret('short'); // too short to be a secret: ignored
    expect(r('a short word')).toBe('a short word');
  });

  it('formats a redacted line with time, level and scope', () => {
    const line = formatLogLine(redact, 'warn', 'server', `token=${SECRET}`, new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)));
    expect(line).toBe('2026-01-02T03:04:05.006Z WARN  [server] token=[redacted]');
  });

  it('escapes control characters so messages stay on one line', () => {
    expect(escapeControlChars('a\nFAKE ERROR\r\tb\u0007')).toBe('a\\nFAKE ERROR\\r\\tb\\u0007');
  });

  it('logger sends redacted lines to every sink and survives a failing sink', () => {
    const lines: string[] = [];
    const log = createLogger(createRedactor(), [
      () => {
        throw new Error('disk full');
      },
      (line) => lines.push(line),
    ]);
    log.child('renderer').error(`"token":"${SECRET}"`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ERROR \[renderer\] "token":"\[redacted\]"$/);
  });
});

describe('RotatingFile', () => {
  it('rotates at the size cap and keeps maxFiles files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qujing-log-'));
    const path = join(dir, 'logs', 'main.log');
    const file = new RotatingFile(path, { maxBytes: 100, maxFiles: 3 });
    for (let i = 0; i < 40; i++) file.write(`line ${String(i).padStart(3, '0')} ${'x'.repeat(20)}`);
    const names = readdirSync(join(dir, 'logs')).sort();
    expect(names).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const n of names) expect(statSync(join(dir, 'logs', n)).size).toBeLessThanOrEqual(100);
    expect(readFileSync(path, 'utf8')).toContain('line 039');
    expect(readFileSync(`${path}.2`, 'utf8')).not.toContain('line 000');
  });

  it('continues an existing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qujing-log-'));
    const path = join(dir, 'main.log');
    new RotatingFile(path).write('first');
    new RotatingFile(path).write('second');
    expect(readFileSync(path, 'utf8')).toBe('first\nsecond\n');
  });
});
