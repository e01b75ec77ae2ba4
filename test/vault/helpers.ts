// Shared set-up for the vault tests: the REAL OS keychain (run under build/with-keychain.sh), a
// service name unique to this run so parallel runs and a developer's own entries never collide,
// and a child-process runner for the cross-process and keychain-unavailable checks.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openKeytarKeychain, type Keychain } from '../../electron/vault/keychain';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export function uniqueService(): string {
  return `Crossbook-test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export async function openRealKeychain(): Promise<Keychain> {
  // No mock fallback on purpose: outside build/with-keychain.sh this fails with the real reason.
  return openKeytarKeychain({ probeService: uniqueService() });
}

/** Removes everything a test stored under its service. */
export async function wipeService(keychain: Keychain, service: string): Promise<void> {
  for (const account of await keychain.list(service)) await keychain.delete(service, account);
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a fixture script with `node --import tsx`, optionally with a changed environment.
 * `killAfterAnswer`: a process with a hung native keytar call cannot exit (Node waits for the
 * thread-pool job at teardown), so the parent ends it once it has printed its answer line.
 */
export function runFixture(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  killAfterAnswer = false,
  /** Runs `<wrapper...> node --import tsx <script>`, e.g. inside a private D-Bus session. */
  wrapper: string[] = [],
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const node = [
      process.execPath,
      '--import',
      'tsx',
      fileURLToPath(new URL(`fixtures/${script}`, import.meta.url)),
      ...args,
    ];
    const [cmd, ...rest] = [...wrapper, ...node] as [string, ...string[]];
    const child = spawn(cmd, rest, {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so killing it also ends what a wrapper (dbus-run-session) started.
      detached: true,
    });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (killAfterAnswer && stdout.includes('\n')) killGroup();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    // A grandchild left behind (a bus daemon) would hold the pipes open and 'close' never come.
    child.on('exit', killGroup);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The fixture's last stdout line, which is its JSON answer. */
export function lastJson<T>(result: ChildResult): T {
  const lines = result.stdout.trim().split('\n');
  const last = lines[lines.length - 1];
  if (!last) throw new Error(`fixture printed nothing; stderr: ${result.stderr}`);
  return JSON.parse(last) as T;
}
