// The web host's demo profile against simulators started elsewhere: `npm run sim -- --out FILE`
// in one process, `npm run start:web -- --venues FILE` in another, one venue reached through a
// TCP forwarder on another loopback address (as a local proxy would). Every venue connects, books
// arrive, and the description's credentials are in the keychain. A bad file stops the host
// before anything starts, naming the field and never printing a secret.
// Needs the keychain: bash build/with-keychain.sh npx vitest run test/web
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/contract';
import type { VenueStatus } from '../../shared/domain';
import { connectBridge, type BridgeClient } from '../bench/ui/bridge';

const children: ChildProcess[] = [];
const cleanups: (() => unknown)[] = [];
let dir: string;

interface Started {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs a TypeScript entry as its own process (as its npm script would, from source). */
function run(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => stderr, exited };
}

async function lineStarting(p: Started, prefix: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = p.lines.find((l) => l.startsWith(prefix));
    if (line) return line.slice(prefix.length);
    if (p.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`no ${prefix} line (exit ${p.child.exitCode}); stderr:\n${p.stderr().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A local proxy in miniature: every connection to it is piped to `port` on 127.0.0.1. */
async function forwarder(host: string, port: number): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server: Server = createServer((inbound) => {
    connections++;
    const outbound = connect(port, '127.0.0.1');
    inbound.pipe(outbound).pipe(inbound);
    const end = () => (inbound.destroy(), outbound.destroy());
    inbound.on('error', end);
    outbound.on('error', end);
    inbound.on('close', end);
    outbound.on('close', end);
  });
  await new Promise<void>((resolve, reject) => server.listen(0, host, resolve).once('error', reject));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return { port: (server.address() as { port: number }).port, connections: () => connections };
}

type Description = Record<string, Record<string, string | string[]>>;
let description: Description;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crossbook-remote-sim-'));
  const sim = run('electron/venues/simulators/sim-cli.ts', ['--rate', '300', '--out', join(dir, 'sim.json')]);
  description = JSON.parse(await lineStarting(sim, 'CROSSBOOK_SIM=')) as Description;
}, 90_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(
    children.map((c) =>
      c.exitCode !== null || c.signalCode !== null
        ? undefined
        : new Promise((r) => {
            c.once('exit', r);
            setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
          }),
    ),
  );
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

function startWeb(venuesFile: string, dataDir = mkdtempSync(join(dir, 'data-'))): Started {
  return run('electron/web/main.ts', ['--venues', venuesFile], {
    CROSSBOOK_DATA_DIR: dataDir,
    CROSSBOOK_KEYCHAIN_SERVICE: `crossbook-remote-sim-test-${process.pid}-${Math.random().toString(36).slice(2)}`,
    CROSSBOOK_RENDERER_DIR: dir,
  });
}

describe('npm run sim -- --out FILE', () => {
  it('writes the description it prints, readable only by its user', () => {
    const file = join(dir, 'sim.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(description);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('web host with --venues FILE', () => {
  it('connects every described venue (one through a proxy) and books arrive', async () => {
    // Finery through a forwarder on another address of 127.0.0.0/8, as behind a local proxy.
    const fineryPort = Number(new URL(description.finery!.ws as string).port);
    const proxy = await forwarder('127.0.0.2', fineryPort);
    const proxied: Description = structuredClone(description);
    proxied.finery!.ws = `ws://127.0.0.2:${proxy.port}/ws`;
    proxied.finery!.rest = `http://127.0.0.2:${proxy.port}/api`;
    const file = join(dir, 'proxied.json');
    writeFileSync(file, JSON.stringify(proxied), { mode: 0o600 });

    const web = startWeb(file);
    const url = new URL(await lineStarting(web, 'CROSSBOOK_URL='));
    const bridge: BridgeClient = await connectBridge(
      url.origin,
      new URLSearchParams(url.hash.slice(1)).get('token')!,
    );
    cleanups.push(() => bridge.close());
    // Started none of its own: it prints no descriptor of embedded simulators.
    expect(web.lines.some((l) => l.startsWith('CROSSBOOK_SIM='))).toBe(false);

    const arriving = new Promise<VenueStatus[]>((resolve) => {
      bridge.subscribe('venues.status', {}, (data) => {
        const venues = (data as { venues: VenueStatus[] }).venues;
        const flowing = (v: VenueStatus) => v.state === 'live' && (v.levelUpdatesPerSecond ?? 0) > 0;
        if (venues.length === 3 && venues.every(flowing)) resolve(venues);
      });
    });
    const venues = await Promise.race([
      arriving,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`venues never all live:\n${web.stderr().slice(-3000)}`)), 45_000),
      ),
    ]);
    expect(venues.map((v) => v.venue).sort()).toEqual(['alor', 'finery', 'paxos']);
    expect(proxy.connections()).toBeGreaterThan(0);

    // The description's credentials are the demo profile's, in the keychain like any others.
    const state = await bridge.request<SessionState>('session.state', {});
    expect(state).toMatchObject({ phase: 'ready', profile: 'demo' });
    const last4 = (s: string) => s.slice(-4);
    expect(state.credentials?.paxos).toMatchObject({
      set: true,
      last4: last4(description.paxos!.clientSecret as string),
    });
    expect(state.credentials?.finery).toMatchObject({
      set: true,
      last4: last4(description.finery!.secret as string),
    });
    expect(state.credentials?.alor).toMatchObject({
      set: true,
      last4: last4(description.alor!.refreshToken as string),
    });
    // And the demo's simulator switch belongs to the process that runs them.
    await expect(bridge.request('demo.stopSimulator', { venue: 'paxos' })).rejects.toThrow(/another process/);
    // Nothing it logged carries a secret from the file.
    for (const secret of [
      description.paxos!.clientSecret,
      description.finery!.secret,
      description.alor!.refreshToken,
    ])
      expect(web.stderr()).not.toContain(secret);
    web.child.kill('SIGTERM');
    expect(await web.exited).toBe(0);
  }, 90_000);

  it.each([
    [
      'a venue on another machine',
      (d: Description) => (d.alor!.api = 'http://192.168.1.20:8080'),
      /alor\.api: must point at this machine/,
    ],
    ['a missing secret', (d: Description) => delete d.finery!.secret, /finery\.secret: is missing/],
    [
      'no venue at all',
      (d: Description) => (delete d.paxos, delete d.finery, delete d.alor),
      /lists no venue/,
    ],
  ])(
    'refuses %s, exits 2 and starts nothing',
    async (_name, spoil, message) => {
      const bad: Description = structuredClone(description);
      spoil(bad);
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify(bad));
      const web = startWeb(file);
      expect(await web.exited).toBe(2);
      expect(web.stderr()).toMatch(message);
      expect(web.lines).toEqual([]);
      for (const secret of [
        description.paxos!.clientSecret,
        description.finery!.secret,
        description.alor!.refreshToken,
      ])
        expect(web.stderr()).not.toContain(secret);
    },
    30_000,
  );

  it('refuses a file that is missing or not a description', async () => {
    const missing = startWeb(join(dir, 'nowhere.json'));
    expect(await missing.exited).toBe(2);
    expect(missing.stderr()).toMatch(/nowhere\.json cannot be read \(ENOENT\)/);
    const text = join(dir, 'text.json');
    writeFileSync(text, `clientSecret=${description.paxos!.clientSecret as string}`);
    const notJson = startWeb(text);
    expect(await notJson.exited).toBe(2);
    expect(notJson.stderr()).toMatch(/not JSON/);
    expect(notJson.stderr()).not.toContain(description.paxos!.clientSecret);
  }, 30_000);
});
