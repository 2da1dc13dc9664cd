import { describe, expect, it } from 'vitest';
import { classifyServerLine, LineSplitter, parseReadyLine, parseReadyMessage, serverArgs, serverEnv } from './launch';

describe('serverArgs', () => {
  it('binds to loopback on the given port', () => {
    expect(serverArgs({ port: 0 })).toEqual(['--host', '127.0.0.1', '--port', '0']);
    expect(serverArgs({ port: 0, dataDir: '/d', mediaDir: '/v' })).toEqual(['--host', '127.0.0.1', '--port', '0', '--data-dir', '/d', '--media', '/v']);
    expect(serverArgs({ port: 41234, seed: 7, speed: 2.5 })).toEqual(['--host', '127.0.0.1', '--port', '41234', '--seed', '7', '--speed', '2.5']);
  });
});

describe('serverEnv', () => {
  it('passes the token and a minimal environment, nothing else', () => {
    const env = serverEnv(
      {
        PATH: '/usr/bin',
        HOME: '/home/wall',
        SystemRoot: 'C:\\Windows',
        QUJING_TOKEN: 'remote-backend-token',
        QUJING_SERVER_URL: 'https://x',
        ELECTRON_RUN_AS_NODE: '1',
        AWS_SECRET_ACCESS_KEY: 'nope',
      },
      'demo-token',
    );
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/wall', SystemRoot: 'C:\\Windows', QUJING_TOKEN: 'demo-token' });
  });
});

describe('ready signals', () => {
  it('reads the parentPort message', () => {
    expect(parseReadyMessage({ type: 'ready', port: 41234 })).toBe(41234);
    expect(parseReadyMessage({ type: 'ready', port: 0 })).toBeUndefined();
    expect(parseReadyMessage({ type: 'ready', port: '41234' })).toBeUndefined();
    expect(parseReadyMessage({ type: 'hello' })).toBeUndefined();
    expect(parseReadyMessage(null)).toBeUndefined();
  });

  it('reads the stdout line', () => {
    expect(parseReadyLine('QUJING_SERVER_READY {"host":"127.0.0.1","port":41234}')).toBe(41234);
    expect(parseReadyLine('QUJING_SERVER_READY {"host":"127.0.0.1","port":41234}\r')).toBe(41234);
    expect(parseReadyLine('QUJING_SERVER_READY {broken')).toBeUndefined();
    expect(parseReadyLine('QUJING_SERVER_READY {"host":"127.0.0.1","port":70000}')).toBeUndefined();
    expect(parseReadyLine('log: QUJING_SERVER_READY {"host":"127.0.0.1","port":1}')).toBeUndefined();
  });
});

describe('LineSplitter', () => {
  it('joins chunks into lines and keeps the tail', () => {
    const s = new LineSplitter();
    expect(s.push('ab')).toEqual([]);
    expect(s.push('c\r\nde\nf')).toEqual(['abc', 'de']);
    expect(s.flush()).toEqual(['f']);
    expect(s.flush()).toEqual([]);
  });

  it('cuts endless lines', () => {
    const s = new LineSplitter(4);
    expect(s.push('abcdefghij')).toEqual(['abcd…', 'efgh…']);
    expect(s.push('\n')).toEqual(['ij']);
  });
});

describe('classifyServerLine', () => {
  it('reads the level from the line and drops the server timestamp', () => {
    expect(classifyServerLine('2026-11-24T11:38:43.776Z INFO simulation ready seed=7')).toEqual({ level: 'info', text: 'INFO simulation ready seed=7' });
    expect(classifyServerLine('2026-11-24T11:38:43.776Z WARN slow tick ms=300')).toEqual({ level: 'warn', text: 'WARN slow tick ms=300' });
    expect(classifyServerLine('2026-11-24T11:38:43Z ERROR could not start')).toMatchObject({ level: 'error' });
    expect(classifyServerLine('TypeError: x is undefined')).toMatchObject({ level: 'error' });
    expect(classifyServerLine('    at main (file:///dist/server/main.mjs:1:2)')).toMatchObject({ level: 'error' });
    expect(classifyServerLine('QUJING_SERVER_READY {"host":"127.0.0.1","port":1}')).toMatchObject({ level: 'info' });
  });
});
