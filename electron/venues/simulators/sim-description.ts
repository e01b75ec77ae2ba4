// The simulator description: what `npm run sim` prints (`CROSSBOOK_SIM=<json>`, or writes with
// `--out FILE`) and what `--venues FILE` reads back, so a Crossbook core can connect its demo
// profile to simulators running in another process or behind a local proxy. Per venue: its URLs
// and the demo credentials it accepts (plus the lists of markets, for the reader's information).
// This schema is the one definition of that file; a description may list some venues only.
//
// Every URL must point at this machine, as every demo endpoint must: the credentials in it are
// generated demo keys, and a description must never send them (or the trader's orders) elsewhere.
// No message this file produces ever contains a value from the description.
import { z } from 'zod';
import { describeIssues } from '../../../shared/contract/errors';
import { credentialField, endpointField } from '../common/fields';
import type { AllSimulators, VenueName } from '../simulator-registry';

const ws = endpointField(['ws', 'wss'], true);
const http = endpointField(['http', 'https'], true);
const names = z.array(z.string().max(64)).max(10_000).default([]);

const PaxosEntry = z.strictObject({
  ws,
  /** Full token URL. */
  oauth: http,
  /** REST v2 base (ends in /v2). */
  rest: http,
  clientId: credentialField(),
  clientSecret: credentialField(),
  /** The trading profile the simulator books orders under. */
  profileId: credentialField({
    pattern: /^[A-Za-z0-9-]+$/,
    message: 'may contain only letters, digits and -',
    max: 64,
  }),
  markets: names,
});

const FineryEntry = z.strictObject({
  ws,
  rest: http,
  key: credentialField(),
  secret: credentialField(),
  instruments: names,
});

const AlorEntry = z.strictObject({
  ws,
  cws: ws,
  /** Base URL that /refresh hangs off. */
  oauth: http,
  /** HTTP API base. */
  api: http,
  refreshToken: credentialField(),
  portfolio: credentialField({
    pattern: /^[A-Za-z0-9_-]+$/,
    message: 'may contain only letters, digits, _ and -',
    max: 32,
  }),
  symbols: names,
});

export const SimulatorDescriptionSchema = z
  .strictObject({ paxos: PaxosEntry.optional(), finery: FineryEntry.optional(), alor: AlorEntry.optional() })
  .refine((d) => d.paxos !== undefined || d.finery !== undefined || d.alor !== undefined, {
    message: 'lists no venue (expected paxos, finery or alor)',
  });

export type SimulatorDescription = z.infer<typeof SimulatorDescriptionSchema>;

// What the simulators report is a description: this fails to compile if the two drift apart.
type Assignable<T extends U, U> = T;
export type DescriptorIsADescription = Assignable<AllSimulators['descriptor'], SimulatorDescription>;

/** The venues a description lists, in the registry's order. */
export function describedVenues(d: SimulatorDescription): VenueName[] {
  return (['paxos', 'finery', 'alor'] as const).filter((v) => d[v] !== undefined);
}

export class SimulatorDescriptionError extends Error {
  override name = 'SimulatorDescriptionError';
}

const LINE_PREFIX = 'CROSSBOOK_SIM=';

/**
 * Reads a description from the text of a file: the JSON alone (`npm run sim -- --out FILE`) or
 * `npm run sim`'s stdout saved whole (its `CROSSBOOK_SIM=` line is taken). `source` names the file
 * in errors; the errors name the bad field and never quote the text.
 */
export function parseSimulatorDescription(text: string, source: string): SimulatorDescription {
  const line = text.split(/\r?\n/).find((l) => l.startsWith(LINE_PREFIX));
  const json = line === undefined ? text : line.slice(LINE_PREFIX.length);
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    // JSON.parse's own message quotes the text around the error, which may be a secret.
    throw new SimulatorDescriptionError(
      `${source} is not a simulator description: it is not JSON (write one with npm run sim -- --out FILE)`,
    );
  }
  const parsed = SimulatorDescriptionSchema.safeParse(raw);
  if (!parsed.success)
    throw new SimulatorDescriptionError(
      `${source} is not a valid simulator description: ${describeIssues(parsed.error)}`,
    );
  return parsed.data;
}

/** The demo credentials a description gives, per venue it lists, in the vault's shape. */
export function describedCredentials(d: SimulatorDescription): {
  paxos?: { clientId: string; clientSecret: string };
  finery?: { key: string; secret: string };
  alor?: { refreshToken: string; portfolio: string };
} {
  return {
    ...(d.paxos ? { paxos: { clientId: d.paxos.clientId, clientSecret: d.paxos.clientSecret } } : {}),
    ...(d.finery ? { finery: { key: d.finery.key, secret: d.finery.secret } } : {}),
    ...(d.alor ? { alor: { refreshToken: d.alor.refreshToken, portfolio: d.alor.portfolio } } : {}),
  };
}
