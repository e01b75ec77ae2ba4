// Wire format of the web host's WebSocket bridge, which carries the same contract as Electron's
// preload. Text frames are JSON; binary stream events are binary frames whose first 4 bytes are
// the subscription id (little-endian uint32), followed by the event's bytes.
import { z } from 'zod';
import { WireError } from './errors';

const Id = z
  .number()
  .int()
  .positive()
  .max(2 ** 31);

export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id: Id, channel: z.string().max(64), payload: z.unknown() }).strict(),
  z.object({ t: z.literal('sub'), id: Id, stream: z.string().max(64), params: z.unknown() }).strict(),
  z.object({ t: z.literal('unsub'), id: Id }).strict(),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.union([
  z.object({ t: z.literal('res'), id: Id, ok: z.literal(true), result: z.unknown() }),
  z.object({ t: z.literal('res'), id: Id, ok: z.literal(false), error: WireError }),
  z.object({ t: z.literal('ev'), id: Id, data: z.unknown() }),
  /** The subscription ended on the core's side (error, or the stream finished). */
  z.object({ t: z.literal('end'), id: Id, error: WireError.optional() }),
  /** A message the host could not accept; no id when it could not even be read. */
  z.object({ t: z.literal('err'), id: Id.optional(), error: WireError }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export const BINARY_HEADER_BYTES = 4;
export const BRIDGE_PATH = '/bridge';
/** Largest text frame the host accepts from a page; requests are small. */
export const MAX_CLIENT_MESSAGE_BYTES = 256 * 1024;
