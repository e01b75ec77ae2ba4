// Boots the built Electron main (dist/node/electron-main.mjs, what package.json "main" names)
// under a recording stand-in for the `electron` module: ready, app:// registered, the first
// window with a preload that exists, its page served by the protocol handler, an IPC request
// from the real preload bundle round-tripping through the core, a second instance focusing the
// first, and an orderly quit. With `--venues=FILE` it connects the demo profile to simulators
// started elsewhere, and a bad file ends it before it starts. The `_electron` end-to-end test
// covers machines with a binary.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/contract';
import type { VenueStatus } from '../../shared/domain';
import { startAllSimulators } from '../../electron/venues/simulator-registry';

const root = resolve(import.meta.dirname, '../..');
const main = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).main as string);
type Report = { event: string } & Record<string, unknown>;

interface Booted {
  child: ChildProcess;
  dir: string;
  reports: Report[];
  stderr: () => string;
  waitFor(event: string, match?: (r: Report) => boolean, timeoutMs?: number): Promise<Report>;
}

/** Forks the built main under the stand-in electron, with these command-line arguments. */
function boot(args: string[] = []): Booted {
  const dir = mkdtempSync(join(tmpdir(), 'crossbook-boot-'));
  const reports: Report[] = [];
  let stderr = '';
  const child = fork(main, args, {
    cwd: root,
    execArgv: ['--import', join(root, 'test/host/fake-electron/register.mjs')],
    env: {
      ...process.env,
      FAKE_ELECTRON_DIR: dir,
      CROSSBOOK_LOG_FILE: join(dir, 'boot.log'),
      CROSSBOOK_KEYCHAIN_SERVICE: `crossbook-boot-test-${process.pid}-${booted.length}`,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  child.on('message', (r: Report) => reports.push(r));
  const waitFor = (event: string, match: (r: Report) => boolean = () => true, timeoutMs = 30_000) =>
    new Promise<Report>((resolve, reject) => {
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
  const b = { child, dir, reports, stderr: () => stderr, waitFor };
  booted.push(b);
  return b;
}

const booted: Booted[] = [];
let first: Booted;
let child: ChildProcess;
let dir: string;
let reports: Report[];
let waitFor: Booted['waitFor'];

beforeAll(() => {
  if (!existsSync(main) || !existsSync(join(root, 'dist/renderer/index.html')))
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
  first = boot();
  ({ child, dir, reports, waitFor } = first);
}, 120_000);

afterAll(() => {
  for (const b of booted) {
    b.child.kill('SIGKILL');
    rmSync(b.dir, { recursive: true, force: true });
  }
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

/** Invokes through the window's preload and waits for this call's answer. */
function invoke<T>(b: Booted, channel: string, payload: unknown = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => done(() => reject(new Error(`no answer to ${channel}`))), 10_000);
    const done = (settle: () => void) => {
      clearTimeout(timer);
      b.child.off('message', listener);
      settle();
    };
    const listener = (r: Report) => {
      if (r.event === 'invoked') done(() => resolve(r.result as T));
      else if (r.event === 'commandFailed') done(() => reject(new Error(String(r.message))));
    };
    b.child.on('message', listener);
    b.child.send({ cmd: 'invoke', channel, payload });
  });
}

describe('the built Electron main with --venues=FILE', () => {
  it('connects the demo profile to the simulators the file lists, and leaves the others off', async () => {
    const sims = await startAllSimulators({ rate: 60, seed: 9 });
    try {
      const file = join(dir, 'venues.json');
      // Paxos only: the description may list some venues; the rest stay off.
      writeFileSync(file, JSON.stringify({ paxos: sims.descriptor.paxos }), { mode: 0o600 });
      const app = boot([`--venues=${file}`]);
      await app.waitFor('loaded');
      const state = await invoke<SessionState>(app, 'session.state');
      expect(state).toMatchObject({ phase: 'ready', profile: 'demo' });
      expect(state.credentials?.paxos).toMatchObject({
        set: true,
        last4: sims.descriptor.paxos.clientSecret.slice(-4),
      });
      expect(state.credentials?.finery.set).toBe(false);
      let venues: VenueStatus[] = [];
      for (let i = 0; i < 200; i++) {
        ({ venues } = await invoke<{ venues: VenueStatus[] }>(app, 'venues.status'));
        if (venues.find((v) => v.venue === 'paxos')?.state === 'live') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(venues.find((v) => v.venue === 'paxos')?.state).toBe('live');
      for (const off of ['finery', 'alor'])
        expect(venues.find((v) => v.venue === off)).toMatchObject({
          state: 'idle',
          reason: expect.stringMatching(/not in the simulator description/),
        });
      expect(readFileSync(join(app.dir, 'boot.log'), 'utf8')).not.toContain(
        sims.descriptor.paxos.clientSecret,
      );
    } finally {
      await sims.close();
    }
  }, 60_000);

  it('refuses a description pointing off this machine: a dialog, exit 2, nothing started', async () => {
    const file = join(dir, 'remote.json');
    const secret = 'a-demo-secret-that-stays-unprinted';
    writeFileSync(
      file,
      JSON.stringify({
        finery: { ws: 'ws://10.1.2.3:9000/ws', rest: 'http://127.0.0.1:9000/api', key: 'k-123456', secret },
      }),
    );
    const app = boot([`--venues=${file}`]);
    const box = await app.waitFor('errorBox');
    expect(box.message).toMatch(/finery\.ws: must point at this machine/);
    expect(box.message).not.toContain(secret);
    expect((await app.waitFor('exit')).code).toBe(2);
    expect(app.reports.map((r) => r.event)).not.toContain('ready');
    expect(app.reports.map((r) => r.event)).not.toContain('singleInstanceLock');
  });
});
