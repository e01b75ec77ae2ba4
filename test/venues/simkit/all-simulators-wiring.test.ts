// startAllSimulators' own logic (ports, rate split, all-or-nothing start) with the three venue
// simulators mocked; test/venues/simulators.test.ts runs the real ones.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { VenueSimulatorOptions } from '../../../electron/venues/simkit';

const calls: { venue: string; options: VenueSimulatorOptions }[] = [];
const closed: string[] = [];
let failVenue: string | undefined;

function fake(venue: string) {
  return async (options: VenueSimulatorOptions) => {
    calls.push({ venue, options });
    if (venue === failVenue) throw new Error(`${venue}: EADDRINUSE`);
    return {
      descriptor: { venue, port: options.port },
      faults: {},
      markets: new Map(),
      close: async () => {
        closed.push(venue);
      },
    };
  };
}

vi.mock('../../../electron/venues/paxos/sim/paxos-simulator', () => ({ startPaxosSimulator: fake('paxos') }));
vi.mock('../../../electron/venues/finery/sim/finery-simulator', () => ({
  startFinerySimulator: fake('finery'),
}));
vi.mock('../../../electron/venues/alor/sim/alor-simulator', () => ({ startAlorSimulator: fake('alor') }));

const { ALOR_RATE_CAP, shareRate, startAllSimulators } =
  await import('../../../electron/venues/simulator-registry');

describe('startAllSimulators wiring', () => {
  beforeEach(() => {
    calls.length = 0;
    closed.length = 0;
    failVenue = undefined;
  });

  it('assigns P, P+1, P+2, shares the rate and passes host and seed', async () => {
    const all = await startAllSimulators({ portBase: 7000, seed: 9, rate: 300 });
    const reference = calls[0]!.options.reference;
    expect(reference).toBeDefined();
    expect(calls).toEqual([
      { venue: 'paxos', options: { host: '127.0.0.1', port: 7000, seed: 9, rate: 120, reference } },
      { venue: 'finery', options: { host: '127.0.0.1', port: 7001, seed: 9, rate: 120, reference } },
      { venue: 'alor', options: { host: '127.0.0.1', port: 7002, seed: 9, rate: 60, reference } },
    ]);
    // One shared reference walk, so the same instrument agrees across the three simulators.
    expect(calls[1]!.options.reference).toBe(reference);
    expect(all.descriptor).toEqual({
      paxos: { venue: 'paxos', port: 7000 },
      finery: { venue: 'finery', port: 7001 },
      alor: { venue: 'alor', port: 7002 },
    });
    await Promise.all([all.close(), all.close()]);
    expect(closed.sort()).toEqual(['alor', 'finery', 'paxos']);
  });

  it('gives ALOR a fifth of the rate up to a cap, the other two half the rest each', () => {
    expect(shareRate(300)).toEqual({ paxos: 120, finery: 120, alor: 60 });
    expect(shareRate(200_000)).toEqual({ paxos: 99_500, finery: 99_500, alor: ALOR_RATE_CAP });
    expect(shareRate(0)).toEqual({ paxos: 0, finery: 0, alor: 0 });
  });

  it('uses ephemeral ports for port base 0', async () => {
    const all = await startAllSimulators({});
    expect(calls.map((c) => c.options.port)).toEqual([0, 0, 0]);
    expect(calls[0]!.options.seed).toBe(1);
    await all.close();
  });

  it('closes what already started when a simulator fails to start', async () => {
    failVenue = 'alor';
    await expect(startAllSimulators({ portBase: 7000 })).rejects.toThrow(/alor: EADDRINUSE/);
    expect(closed.sort()).toEqual(['finery', 'paxos']);
  });

  it('refuses non-loopback hosts and bad numbers before starting anything', async () => {
    await expect(startAllSimulators({ host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
    await expect(startAllSimulators({ portBase: 65534 })).rejects.toThrow(/portBase/);
    await expect(startAllSimulators({ rate: -1 })).rejects.toThrow(/rate/);
    await expect(startAllSimulators({ seed: 0.5 })).rejects.toThrow(/seed/);
    expect(calls).toEqual([]);
  });
});
