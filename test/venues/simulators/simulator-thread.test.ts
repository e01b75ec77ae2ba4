// The demo profile's simulators on their own worker thread: the same descriptor and close() as
// in-process, start-up errors reported, and the thread's log lines arriving through this
// thread's sinks with this thread's redaction.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { addLogSink, registerSecret, setLogLevel, type LogRecord } from '../../../electron/base/log';
import {
  startSimulatorThread,
  type SimulatorThreadEvent,
} from '../../../electron/venues/simulators/simulator-thread';

async function status(url: string, init?: RequestInit): Promise<number | 'refused'> {
  try {
    return (await fetch(url, init)).status;
  } catch {
    return 'refused';
  }
}

describe('simulator thread', () => {
  const stops: (() => void)[] = [];
  afterEach(() => {
    stops.splice(0).forEach((s) => s());
    setLogLevel('info');
  });

  it('serves the demo credentials it was given, forwards its logs redacted, and closes', async () => {
    const records: LogRecord[] = [];
    stops.push(addLogSink((_line, r) => records.push(r)));
    setLogLevel('debug');
    const secret = 'sim-thread-secret-0123456789';
    registerSecret(secret);
    const sims = await startSimulatorThread({
      rate: 30,
      seed: 5,
      credentials: { paxos: { clientId: 'sim-thread-client', clientSecret: secret } },
    });
    const d = sims.descriptor as unknown as { paxos: { oauth: string; clientId: string } };
    expect(d.paxos.clientId).toBe('sim-thread-client');
    const token = (secretValue: string) =>
      status(d.paxos.oauth, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'sim-thread-client',
          client_secret: secretValue,
          scope: 'funding:read_profile',
        }),
      });
    expect(await token(secret)).toBe(200);
    expect(await token('wrong-secret-0000')).toBe(401);
    expect(records.some((r) => r.scope.includes('paxos') && r.level === 'debug')).toBe(true);
    expect(JSON.stringify(records)).not.toContain(secret);
    await sims.close();
    await sims.close(); // idempotent
    expect(await token(secret)).toBe('refused');
  });

  it('rejects with the reason when a simulator cannot listen', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startSimulatorThread({ portBase: port, rate: 0 })).rejects.toThrow(
        /demo simulators could not start: .*EADDRINUSE/,
      );
    } finally {
      blocker.close();
    }
  });
});

describe('simulator thread supervision', () => {
  it('restarts a dead thread on the same ports with the same credentials, and says so', async () => {
    const events: SimulatorThreadEvent[] = [];
    const sims = await startSimulatorThread({ rate: 0, seed: 9 }, { onEvent: (e) => events.push(e) });
    try {
      const d = sims.descriptor;
      const token = () =>
        status(d.paxos.oauth, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: d.paxos.clientId,
            client_secret: d.paxos.clientSecret,
            scope: 'funding:read_profile',
          }),
        });
      expect(await token()).toBe(200);
      await sims.killThread();
      expect(events.map((e) => e.kind)).toEqual(['died', 'restarted']);
      expect(await token()).toBe(200);
      const alor = await status(`${d.alor.oauth}/refresh?token=${d.alor.refreshToken}`, { method: 'POST' });
      expect(alor).toBe(200);
    } finally {
      await sims.close();
    }
    expect(await status(sims.descriptor.finery.rest)).toBe('refused');
  });
});
