import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { isThreadNamed, nicedThreads, threadsNamed } from './proc';

describe('thread lookup in /proc', () => {
  it('matches a worker name as Linux keeps it (15 bytes)', () => {
    expect(isThreadNamed('crossbook-repla', 'crossbook-replay')).toBe(true);
    expect(isThreadNamed('crossbook-repl', 'crossbook-replay')).toBe(false);
    expect(isThreadNamed('WorkerThread', 'crossbook-replay')).toBe(false);
    expect(isThreadNamed('short', 'short')).toBe(true);
  });

  it.runIf(process.platform === 'linux')('finds a named worker thread of this process', async () => {
    expect(threadsNamed(process.pid, 'bench-probe-thread')).toEqual([]);
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true, name: 'bench-probe-thread' });
    try {
      await new Promise((r) => worker.once('online', r));
      const deadline = Date.now() + 2000;
      let found: number[] = [];
      while (found.length === 0 && Date.now() < deadline) {
        found = threadsNamed(process.pid, 'bench-probe-thread');
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(found).toHaveLength(1);
      expect(nicedThreads(process.pid)).not.toContain(found[0]);
    } finally {
      await worker.terminate();
    }
    expect(threadsNamed(process.pid, 'no-such-thread')).toEqual([]);
  });
});
