import { describe, expect, it } from 'vitest';
import { resolveInside } from '../../electron/base/static-files';
import { parseWebArgs } from '../../electron/web/main';

describe('static file resolution', () => {
  const root = '/srv/renderer';
  it('resolves files inside the root', () => {
    expect(resolveInside(root, '/index.html')).toBe('/srv/renderer/index.html');
    expect(resolveInside(root, '/assets/app.js')).toBe('/srv/renderer/assets/app.js');
  });
  it('never escapes the root', () => {
    for (const path of [
      '/../package.json',
      '/..%2f..%2fetc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/a/../../x',
    ]) {
      const resolved = resolveInside(root, path);
      expect(resolved === undefined || resolved.startsWith('/srv/renderer/')).toBe(true);
    }
    expect(resolveInside(root, '/..\\..\\x')).toBeUndefined();
    expect(resolveInside(root, '/%00')).toBeUndefined();
    expect(resolveInside(root, '/%E0%A4%A')).toBeUndefined();
  });
});

describe('web host arguments', () => {
  it('defaults to an ephemeral port and the demo profile', () => {
    expect(parseWebArgs([])).toEqual({ port: 0 });
    expect(parseWebArgs(['--port', '5175', '--profile', 'test', '--sim-rate', '500'])).toEqual({
      port: 5175,
      profile: 'test',
      simRate: 500,
    });
  });
  it('refuses bad values with a clear message', () => {
    expect(() => parseWebArgs(['--port', 'x'])).toThrow('--port must be 0..65535');
    expect(() => parseWebArgs(['--profile', 'live'])).toThrow('--profile must be demo, test or production');
    expect(() => parseWebArgs(['--bogus'])).toThrow();
    expect(() => parseWebArgs(['--sim-rate=-1'])).toThrow('--sim-rate must be');
  });
  it('opens on a recording with --replay PROFILE/ID, its speed and loop switch', () => {
    const id = '20261207T045000123Z';
    expect(parseWebArgs(['--replay', `demo/${id}`])).toEqual({ port: 0, replay: { profile: 'demo', id } });
    expect(parseWebArgs(['--replay', `test/${id}`, '--replay-speed', '2.5', '--replay-loop'])).toEqual({
      port: 0,
      replay: { profile: 'test', id, speed: 2.5, loop: true },
    });
  });
  it('refuses a bad --replay with a clear message', () => {
    const id = '20261207T045000123Z';
    expect(() => parseWebArgs(['--replay', id])).toThrow('--replay must be PROFILE/ID');
    expect(() => parseWebArgs(['--replay', `live/${id}`])).toThrow('--replay must be PROFILE/ID');
    expect(() => parseWebArgs(['--replay', 'demo/latest'])).toThrow('--replay must be PROFILE/ID');
    expect(() => parseWebArgs(['--replay', `demo/${id}`, '--replay-speed', '0'])).toThrow(
      '--replay-speed must be 0.25..100, got 0',
    );
    expect(() => parseWebArgs(['--replay', `demo/${id}`, '--replay-speed', 'fast'])).toThrow(
      '--replay-speed must be',
    );
    expect(() => parseWebArgs(['--replay-loop'])).toThrow('need --replay');
    expect(() => parseWebArgs(['--replay', `demo/${id}`, '--sim-rate', '10'])).toThrow('runs no simulators');
    expect(() => parseWebArgs(['--replay', `demo/${id}`, '--venues', 'v.json'])).toThrow(
      'runs no simulators',
    );
    expect(() => parseWebArgs(['--replay', `demo/${id}`, '--profile', 'production'])).toThrow(
      '--replay opens in the demo profile',
    );
  });
});
