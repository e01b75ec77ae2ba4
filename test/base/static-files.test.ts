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
});
