// Starts the built web host as a child process, exactly as `npm run start:web` does, and reads
// the lines it promises on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface WebHostProcess {
  url: string;
  origin: string;
  token: string;
  sim?: unknown;
  stdoutLines: string[];
  child: ChildProcess;
  stop(): Promise<number | null>;
}

export async function startWebHostProcess(
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<WebHostProcess> {
  const child = spawn(process.execPath, ['dist/node/web-host.mjs', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const stdoutLines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host printed no URL; stderr:\n${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`web host exited ${code}; stderr:\n${stderr}`)));
    lines.on('line', (line) => {
      stdoutLines.push(line);
      if (line.startsWith('CROSSBOOK_URL=')) {
        clearTimeout(timer);
        resolve(line.slice('CROSSBOOK_URL='.length));
      }
    });
  });
  // Give the (optional) CROSSBOOK_SIM line, printed right after, a moment to arrive.
  await new Promise((r) => setTimeout(r, 100));
  const simLine = stdoutLines.find((l) => l.startsWith('CROSSBOOK_SIM='));
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '',
    sim: simLine ? JSON.parse(simLine.slice('CROSSBOOK_SIM='.length)) : undefined,
    stdoutLines,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
