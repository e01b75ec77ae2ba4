// Starts a simulator with a generator the test drives by step(), so book traffic is deterministic.
import {
  finerySimMarketSpecs,
  startFinerySimulator,
  type FinerySimDescriptor,
} from '../../../../electron/venues/finery/sim/finery-simulator';
import { createMarketGenerator } from '../../../../electron/venues/simkit';
import type { MarketGenerator, VenueSimulatorHandle } from '../../../../electron/venues/simkit/types';
import { connect, type FmClient } from './client';

export interface Rig {
  sim: VenueSimulatorHandle<FinerySimDescriptor>;
  gen: MarketGenerator;
  clients: FmClient[];
  open(): Promise<FmClient>;
  close(): Promise<void>;
}

export async function startRig(extra: Parameters<typeof startFinerySimulator>[0] = {}): Promise<Rig> {
  const gen = createMarketGenerator(finerySimMarketSpecs, { seed: 11, levelUpdatesPerSecond: 0 });
  const sim = await startFinerySimulator({ generator: gen, ...extra });
  const clients: FmClient[] = [];
  return {
    sim,
    gen,
    clients,
    async open() {
      const c = await connect(sim.descriptor.ws, sim.descriptor);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.ws.terminate();
      await sim.close();
    },
  };
}

export const BTC_ID = 4955410050;
