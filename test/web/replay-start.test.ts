// `npm run start:web -- --replay PROFILE/ID --replay-loop`: the web host opens on a recording with
// nothing live running (no simulator, no venue connecting), the recorded venue is live and reports
// what the core receives from the replay (a benchmark's delivered load), and a recording that is
// not there stops the host with one line and exit code 2.
// Needs the keychain: bash build/with-keychain.sh npx vitest run test/web
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayState } from '../../shared/contract';
import type { VenueStatus } from '../../shared/domain';
import { connectBridge } from '../bench/ui/bridge';
import { writePaxosRecording } from '../replay/helpers';

let dataDir: string;
let id: string;
const children: ChildProcess[] = [];

function startWeb(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/web/main.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CROSSBOOK_DATA_DIR: dataDir,
      CROSSBOOK_KEYCHAIN_SERVICE: `Crossbook-replay-start-${process.pid}`,
    },
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, lines, stderr: () => stderr, exited };
}

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crossbook-replay-start-'));
  id = await writePaxosRecording(dataDir, 200, 10);
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(
    children.map((c) =>
      c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r)),
    ),
  );
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('web host --replay', () => {
  it('opens on the recording in a loop, with no simulator, and reports what the core receives', async () => {
    const web = startWeb(['--replay', `demo/${id}`, '--replay-loop', '--replay-speed', '2']);
    const url = await until(
      () => web.lines.find((l) => l.startsWith('CROSSBOOK_URL='))?.slice('CROSSBOOK_URL='.length),
      `the URL; stderr:\n${web.stderr()}`,
    );
    const parsed = new URL(url);
    const bridge = await connectBridge(
      parsed.origin,
      new URLSearchParams(parsed.hash.slice(1)).get('token')!,
    );
    try {
      let replay: ReplayState | undefined;
      let venues: VenueStatus[] = [];
      bridge.subscribe('replay.clock', {}, (s) => (replay = s as ReplayState));
      bridge.subscribe('venues.status', {}, (d) => (venues = (d as { venues: VenueStatus[] }).venues));
      await until(() => (replay?.active ? replay : undefined), 'the replay');
      expect(replay).toMatchObject({ active: true, profile: 'demo', id, speed: 2, loop: true });
      // Looping: the clock passes the recording's end (2 s at speed 2) and keeps going.
      const paxos = await until(
        () => venues.find((v) => v.venue === 'paxos' && (v.levelUpdatesPerSecond ?? 0) > 0),
        'a received rate from the replayed venue',
        20_000,
      );
      expect(paxos.state).toBe('live');
      expect(venues.find((v) => v.venue === 'alor')?.state).toBe('idle');
      await new Promise((r) => setTimeout(r, 2_500));
      expect(replay).toMatchObject({ active: true, ended: false });
      expect(web.lines.some((l) => l.startsWith('CROSSBOOK_SIM='))).toBe(false);
    } finally {
      bridge.close();
      web.child.kill('SIGTERM');
      expect(await web.exited).toBe(0);
    }
  }, 90_000);

  it('stops with one line and exit code 2 when the recording is not there', async () => {
    const web = startWeb(['--replay', 'demo/20200101T000000000Z']);
    expect(await web.exited).toBe(2);
    expect(web.stderr()).toContain('--replay demo/20200101T000000000Z:');
    expect(web.lines).toEqual([]);
  }, 90_000);
});
