// The three real venue simulators together, in-process and through the CLI as a child process.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { startAllSimulators } from '../../electron/venues/simulator-registry';

function urlsOf(value: unknown): string[] {
  if (typeof value === 'string') return /^(ws|http)s?:\/\//.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urlsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(urlsOf);
  return [];
}

function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(u.port), u.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function checkDescriptor(d: Record<string, Record<string, unknown>>): void {
  expect(Object.keys(d).sort()).toEqual(['alor', 'finery', 'paxos']);
  expect(Object.keys(d.paxos!)).toEqual(
    expect.arrayContaining(['ws', 'oauth', 'rest', 'clientId', 'clientSecret', 'markets']),
  );
  expect(Object.keys(d.finery!)).toEqual(
    expect.arrayContaining(['ws', 'rest', 'key', 'secret', 'instruments']),
  );
  expect(Object.keys(d.alor!)).toEqual(
    expect.arrayContaining(['ws', 'cws', 'oauth', 'api', 'refreshToken', 'portfolio', 'symbols']),
  );
  expect((d.paxos!.markets as string[]).length).toBeGreaterThan(0);
  expect((d.finery!.instruments as string[]).length).toBeGreaterThan(0);
  expect((d.alor!.symbols as string[]).length).toBeGreaterThan(0);
  for (const url of urlsOf(d)) expect(new URL(url).hostname).toBe('127.0.0.1');
}

describe('startAllSimulators (real simulators)', () => {
  it('starts all three on loopback, each reachable, and closes them', async () => {
    const all = await startAllSimulators({ rate: 30, seed: 4 });
    const urls = urlsOf(all.descriptor);
    try {
      checkDescriptor(all.descriptor as never);
      for (const url of urls) expect(await reachable(url), url).toBe(true);
      expect(all.handles.paxos.markets.size).toBeGreaterThan(0);
      expect(all.handles.finery.markets.size).toBeGreaterThan(0);
      expect(all.handles.alor.markets.size).toBeGreaterThan(0);
    } finally {
      await all.close();
    }
    for (const url of urls) expect(await reachable(url), url).toBe(false);
  });
});

describe('sim CLI (child process)', () => {
  it('prints one CROSSBOOK_SIM line when listening and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/venues/simulators/sim-cli.ts', '--rate', '100'],
      {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const lines: string[] = [];
      const rl = createInterface({ input: child.stdout });
      const first = await new Promise<string>((resolve, reject) => {
        rl.on('line', (line) => {
          lines.push(line);
          if (lines.length === 1) resolve(line);
        });
        void exited.then((code) => reject(new Error(`sim exited early (${code}): ${stderr.slice(-2000)}`)));
      });
      expect(first.startsWith('CROSSBOOK_SIM=')).toBe(true);
      const descriptor = JSON.parse(first.slice('CROSSBOOK_SIM='.length)) as Record<
        string,
        Record<string, unknown>
      >;
      checkDescriptor(descriptor);
      for (const url of urlsOf(descriptor)) expect(await reachable(url), url).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(lines).toHaveLength(1);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 2 with a clear message for an unknown flag', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/venues/simulators/sim-cli.ts', '--nope'],
      {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--nope'");
    expect(stdout).toBe('');
  });
});
