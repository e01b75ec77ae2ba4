// Boots the built Electron main (dist/node/electron-main.mjs, what package.json "main" names)
// under a recording stand-in for the `electron` module: ready, app:// registered, the first
// window with a preload that exists, its page served by the protocol handler, an IPC request
// from the real preload bundle round-tripping through the core, a second instance focusing the
// first, and an orderly quit. The `_electron` end-to-end test covers machines with a binary.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const main = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).main as string);
type Report = { event: string } & Record<string, unknown>;

let child: ChildProcess;
let dir: string;
const reports: Report[] = [];
let stderr = '';

function waitFor(
  event: string,
  match: (r: Report) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<Report> {
  return new Promise((resolve, reject) => {
    const found = reports.find((r) => r.event === event && match(r));
    if (found) return resolve(found);
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `no ${event} within ${timeoutMs} ms; saw ${reports.map((r) => r.event).join(', ')}\n${stderr.slice(-2000)}`,
          ),
        ),
      timeoutMs,
    );
    const listener = (r: Report) => {
      if (r.event !== event || !match(r)) return;
      clearTimeout(timer);
      child.off('message', listener);
      resolve(r);
    };
    child.on('message', listener);
  });
}

beforeAll(() => {
  if (!existsSync(main) || !existsSync(join(root, 'dist/renderer/index.html')))
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'crossbook-boot-'));
  child = fork(main, [], {
    cwd: root,
    execArgv: ['--import', join(root, 'test/host/fake-electron/register.mjs')],
    env: {
      ...process.env,
      FAKE_ELECTRON_DIR: dir,
      CROSSBOOK_LOG_FILE: join(dir, 'boot.log'),
      CROSSBOOK_KEYCHAIN_SERVICE: `crossbook-boot-test-${process.pid}`,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  child.on('message', (r: Report) => reports.push(r));
}, 120_000);

afterAll(() => {
  child?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the built Electron main under a stand-in electron', () => {
  it('registers app:// before ready and opens a sandboxed first window with a preload that exists', async () => {
    await waitFor('protocolHandled');
    const order = reports.map((r) => r.event);
    expect(order.slice(0, 3)).toEqual(['enableSandbox', 'schemes', 'singleInstanceLock']);
    expect(order.indexOf('ready')).toBeLessThan(order.indexOf('protocolHandled'));
    const window = await waitFor('window');
    expect(window.sandbox).toBe(true);
    expect(existsSync(String(window.preload))).toBe(true);
    const menu = await waitFor('menu');
    expect(String(menu.roles)).not.toMatch(/reload|toggleDevTools/);
  });

  it('serves the built page through the protocol handler', async () => {
    const loaded = await waitFor('loaded');
    expect(loaded.url).toBe('app://crossbook/index.html?window=main');
    expect(loaded.status).toBe(200);
    expect(loaded.isPage).toBe(true);
    expect(String(loaded.csp)).toContain("default-src 'none'");
  });

  it('round-trips a request from the preload through the core', async () => {
    child.send({ cmd: 'invoke', channel: 'app.echo', payload: { text: 'hello' } });
    const invoked = await waitFor('invoked');
    expect(invoked.host).toBe('electron');
    expect(invoked.result).toMatchObject({ text: 'hello' });
    child.send({ cmd: 'invoke', channel: 'app.info', payload: {} });
    const info = await waitFor('invoked', (r) => (r.result as { host?: string }).host === 'electron');
    expect(info.result).toMatchObject({ name: 'Crossbook', host: 'electron', version: '0.0.0-boot' });
  });

  it('focuses the first window when a second instance starts', async () => {
    child.send({ cmd: 'second-instance' });
    expect((await waitFor('focus')).index).toBe(0);
  });

  it('keeps its data folder private and quits in order', async () => {
    expect(statSync(join(dir, 'userData')).mode & 0o777).toBe(0o700);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.send({ cmd: 'quit' });
    await waitFor('quit');
    expect(await exited).toBe(0);
  });
});
