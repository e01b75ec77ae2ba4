// What each venue's simulator contributes to the simulator description (`npm run sim` prints it,
// `--venues FILE` reads it; electron/venues/simulators/sim-description.ts): a zod schema of its
// descriptor, and which of its fields are the demo credentials a client stores. URLs must point
// at this machine, as every demo endpoint must, and no message quotes a value.
import { z } from 'zod';
import { endpointField } from '../common/fields';

export interface SimDescriptionEntry<Entry, Credentials> {
  /** The simulator's descriptor as the description carries it (strict: a typo is named). */
  readonly schema: z.ZodType<Entry, unknown>;
  /** The demo credentials in the entry, in the shape the vault stores for the venue. */
  credentials(entry: Entry): Credentials;
}

/** Loopback WebSocket and HTTP URLs, and an informative list of names (markets, symbols). */
export const descriptionFields = {
  ws: () => endpointField(['ws', 'wss'], true),
  http: () => endpointField(['http', 'https'], true),
  names: () => z.array(z.string().max(64)).max(10_000).default([]),
};
