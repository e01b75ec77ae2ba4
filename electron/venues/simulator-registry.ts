// Starts the three venue simulators side by side, as `npm run sim` and end-to-end tests need
// them. Each simulator owns its protocol and its part of the descriptor; this only assigns
// ports, shares out the market-data rate and makes start-up all-or-nothing.

import { alorDescription } from './alor/sim/alor-description';
import { startAlorSimulator } from './alor/sim/alor-simulator';
import type { FineryClientType } from './finery/sim/account';
import { fineryDescription } from './finery/sim/finery-description';
import { startFinerySimulator } from './finery/sim/finery-simulator';
import { paxosDescription } from './paxos/sim/paxos-description';
import { startPaxosSimulator } from './paxos/sim/paxos-simulator';
import { ReferencePrices } from './simkit/reference';
import type { VenueSimulatorOptions } from './simkit';

export type VenueName = 'paxos' | 'finery' | 'alor';
export type { FineryClientType };
export const VENUES: readonly VenueName[] = ['paxos', 'finery', 'alor'];

/** Each venue's entry in the simulator description (simulators/sim-description.ts). */
export const SIM_DESCRIPTION_ENTRIES = {
  paxos: paxosDescription,
  finery: fineryDescription,
  alor: alorDescription,
} as const satisfies Record<VenueName, unknown>;

type PaxosHandle = Awaited<ReturnType<typeof startPaxosSimulator>>;
type FineryHandle = Awaited<ReturnType<typeof startFinerySimulator>>;
type AlorHandle = Awaited<ReturnType<typeof startAlorSimulator>>;

export interface AllSimulatorsOptions {
  /** Loopback only; default 127.0.0.1. */
  host?: string;
  /** P → paxos on P, finery on P+1, alor on P+2; 0 (default) → every port ephemeral. */
  portBase?: number;
  /** Each venue's own port, over portBase (a restarted simulator thread keeps its ports). */
  ports?: Partial<Record<VenueName, number>>;
  /** Default 1. */
  seed?: number;
  /** Total level updates per second across all three venues, shared out by shareRate(); default 300. */
  rate?: number;
  /**
   * The Finery key's client type (finery-markets.md §8.1): 'maker' adds only limit/postOnly,
   * 'taker' only IOC/FOK; default 'any', which the one-key demo desk needs.
   */
  fineryClientType?: FineryClientType;
  /** Accept these credentials instead of generating random ones (the demo profile's, from the keychain). */
  credentials?: {
    paxos?: { clientId: string; clientSecret: string; profileId?: string };
    finery?: { key: string; secret: string };
    alor?: { refreshToken: string; portfolio: string };
  };
}

export interface AllSimulators {
  descriptor: {
    paxos: PaxosHandle['descriptor'];
    finery: FineryHandle['descriptor'];
    alor: AlorHandle['descriptor'];
  };
  handles: { paxos: PaxosHandle; finery: FineryHandle; alor: AlorHandle };
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
export const DEFAULT_RATE = 300;
/**
 * ALOR sends a book as a snapshot at most once per subscription `frequency` (100 ms as we
 * subscribe), so changes generated between two snapshots beyond a few dozen never reach the wire;
 * the other two send each tick's changes. ALOR gets a fifth of the rate up to ALOR_RATE_CAP and
 * the other two share the rest, so the rate goes where a client sees it.
 */
export const ALOR_RATE_CAP = 1000;

/** shareRate() in words, for `npm run sim -- --help`. */
export const RATE_SHARE_TEXT = 'alor 20 % up to 1,000, paxos and finery half the rest each';

/** Level updates per second each simulator generates out of a total `rate`. */
export function shareRate(rate: number): Record<VenueName, number> {
  const alor = Math.min(rate * 0.2, ALOR_RATE_CAP);
  return { paxos: (rate - alor) / 2, finery: (rate - alor) / 2, alor };
}

export async function startAllSimulators(options: AllSimulatorsOptions = {}): Promise<AllSimulators> {
  const host = options.host ?? '127.0.0.1';
  const portBase = options.portBase ?? 0;
  const seed = options.seed ?? 1;
  const rate = options.rate ?? DEFAULT_RATE;
  if (!LOOPBACK.has(host)) throw new Error(`simulators listen on loopback only, not ${JSON.stringify(host)}`);
  if (!Number.isInteger(portBase) || portBase < 0 || portBase > 65533) {
    throw new RangeError(`portBase must be an integer 0..65533, got ${portBase}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isFinite(rate) || rate < 0) throw new RangeError(`rate must be a number >= 0, got ${rate}`);

  // One reference price per instrument across the three simulators, as arbitrage would keep them.
  const reference = new ReferencePrices(seed);
  const shares = shareRate(rate);
  const base = (venue: VenueName): VenueSimulatorOptions => {
    const offset = VENUES.indexOf(venue);
    return {
      reference,
      host,
      port: options.ports?.[venue] ?? (portBase === 0 ? 0 : portBase + offset),
      seed,
      rate: shares[venue],
    };
  };
  // Sequential start keeps port-conflict errors attributable and lets us close exactly what started.
  const started: { close(): Promise<void> }[] = [];
  try {
    const paxos = await startPaxosSimulator({ ...base('paxos'), ...options.credentials?.paxos });
    started.push(paxos);
    const finery = await startFinerySimulator({
      ...base('finery'),
      ...options.credentials?.finery,
      ...(options.fineryClientType ? { clientType: options.fineryClientType } : {}),
    });
    started.push(finery);
    const alor = await startAlorSimulator({ ...base('alor'), ...options.credentials?.alor });
    started.push(alor);
    let closing: Promise<void> | undefined;
    return {
      descriptor: { paxos: paxos.descriptor, finery: finery.descriptor, alor: alor.descriptor },
      handles: { paxos, finery, alor },
      close: () => (closing ??= closeAll(started)),
    };
  } catch (err) {
    await closeAll(started);
    throw err;
  }
}

const portOf = (url: string): number => Number(new URL(url).port);

/**
 * What simulators started again must reproduce for connected adapters to carry on: each venue's
 * port and credentials (the first start may have drawn both at random).
 */
export function restartOptions(
  options: AllSimulatorsOptions,
  d: AllSimulators['descriptor'],
): AllSimulatorsOptions {
  return {
    ...options,
    ports: { paxos: portOf(d.paxos.rest), finery: portOf(d.finery.rest), alor: portOf(d.alor.api) },
    credentials: {
      paxos: { clientId: d.paxos.clientId, clientSecret: d.paxos.clientSecret, profileId: d.paxos.profileId },
      finery: { key: d.finery.key, secret: d.finery.secret },
      alor: { refreshToken: d.alor.refreshToken, portfolio: d.alor.portfolio },
    },
  };
}

async function closeAll(handles: { close(): Promise<void> }[]): Promise<void> {
  const results = await Promise.allSettled(handles.map((h) => h.close()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
