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
import type { SimDescriptionEntry } from '../simkit/description';
import { SIM_DESCRIPTION_ENTRIES, VENUES, type AllSimulators, type VenueName } from '../simulator-registry';

type Entries = typeof SIM_DESCRIPTION_ENTRIES;
type EntryOf<V extends VenueName> = Parameters<Entries[V]['credentials']>[0];
type CredentialsOf<V extends VenueName> = ReturnType<Entries[V]['credentials']>;

/** Every venue optional, at least one present; each venue's own entry schema (its sim folder). */
export type SimulatorDescription = { [V in VenueName]?: EntryOf<V> };

export const SimulatorDescriptionSchema: z.ZodType<SimulatorDescription, unknown> = z
  .strictObject(
    Object.fromEntries(VENUES.map((v) => [v, SIM_DESCRIPTION_ENTRIES[v].schema.optional()])) as Record<
      VenueName,
      z.ZodOptional<z.ZodType<unknown, unknown>>
    >,
  )
  .refine((d) => VENUES.some((v) => d[v] !== undefined), {
    message: `lists no venue (expected ${VENUES.join(', ')})`,
  }) as z.ZodType<SimulatorDescription, unknown>;

// What the simulators report is a description: this fails to compile if the two drift apart.
type Assignable<T extends U, U> = T;
export type DescriptorIsADescription = Assignable<AllSimulators['descriptor'], SimulatorDescription>;

/** The venues a description lists, in the registry's order. */
export function describedVenues(d: SimulatorDescription): VenueName[] {
  return VENUES.filter((v) => d[v] !== undefined);
}

/** The demo credentials a description gives, per venue it lists, in the vault's shape. */
export function describedCredentials(d: SimulatorDescription): { [V in VenueName]?: CredentialsOf<V> } {
  const out: Partial<Record<VenueName, unknown>> = {};
  for (const v of describedVenues(d)) {
    const entry = SIM_DESCRIPTION_ENTRIES[v] as SimDescriptionEntry<unknown, unknown>;
    out[v] = entry.credentials(d[v]);
  }
  return out as { [V in VenueName]?: CredentialsOf<V> };
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
