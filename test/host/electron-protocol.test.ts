// app://crossbook/ serves the renderer folder only: no symlinks, no source maps, and the CSP and
// nosniff headers on every response, errors included.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() } }));

import { rendererResponse } from '../../electron/host/protocol';

let dir: string;
let renderer: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crossbook-protocol-'));
  renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><script src="/assets/a.js"></script>');
  writeFileSync(join(renderer, 'assets', 'a.js'), '1');
  writeFileSync(join(renderer, 'assets', 'a.js.map'), '{}');
  writeFileSync(join(dir, 'outside.txt'), 'secret');
  symlinkSync(join(dir, 'outside.txt'), join(renderer, 'assets', 'link.js'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app:// protocol handler', () => {
  it('serves pages with CSP and nosniff', async () => {
    const res = await rendererResponse(renderer, 'app://crossbook/index.html?window=main');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses maps, symlinks, other hosts and bad paths, with the same headers', async () => {
    for (const [url, status] of [
      ['app://crossbook/assets/a.js.map', 404],
      ['app://crossbook/assets/link.js', 404],
      ['app://other/index.html', 404],
      ['app://crossbook/%E0%A4%A', 400],
    ] as const) {
      const res = await rendererResponse(renderer, url);
      expect(res.status, url).toBe(status);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
