// Starts a worker thread from its bundled file next to the running bundle (dist/node/*.mjs), or,
// when the core runs from TypeScript sources (vitest, tsx), from its .ts entry.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export interface WorkerEntry {
  /** The esbuild output, resolved against the caller's import.meta.url. */
  bundled: URL;
  /** The TypeScript entry, resolved against the caller's import.meta.url. */
  source: URL;
}

/** `name` labels the thread (worker_threads.threadName, inspector and diagnostics show it). */
export function spawnWorker(
  entry: WorkerEntry,
  workerData: unknown,
  options: { name?: string; resourceLimits?: ResourceLimits } = {},
): Worker {
  // With resource limits, a worker that runs out of heap ends alone with an 'error' event; without
  // them a worker's out-of-memory is fatal to the whole process.
  const name = {
    ...(options.name ? { name: options.name } : {}),
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  };
  if (!import.meta.url.endsWith('.ts')) return new Worker(entry.bundled, { workerData, ...name });
  // From source. `--import tsx` is passed as asked, but on Node 20 tsx registers its loader only on
  // the main thread, so a worker would still fail on ".ts". The bootstrap therefore registers tsx
  // through its API inside the worker and then imports the entry.
  const tsxPkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = pathToFileURL(tsxPkg.replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.source.href)}); })`;
  return new Worker(boot, { eval: true, execArgv: ['--import', 'tsx'], workerData, ...name });
}
