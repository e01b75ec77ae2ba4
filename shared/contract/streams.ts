// Every event stream a renderer may subscribe to. JSON streams carry schema-checked objects;
// binary streams (ladder frames) carry ArrayBuffers whose layout lives in shared/ and which
// travel over MessagePorts (Electron) or binary WebSocket frames (web host).
import { z } from 'zod';
import { VenueStatus } from '../domain';
import { marketStreamSchemas } from './market';
import { marketWatchStreamSchemas } from './market-watch';
import { orderStreamSchemas } from './orders';
import { replayStreamSchemas } from './replay';
import { sessionStreamSchemas } from './session';

export const streamSchemas = {
  'system.heartbeat': {
    binary: false,
    params: z.object({ intervalMs: z.number().int().min(50).max(60_000).optional() }).strict(),
    event: z.object({ seq: z.number().int().nonnegative(), at: z.string() }),
  },
  'venues.status': {
    binary: false,
    params: z.object({}).strict(),
    event: z.object({ venues: z.array(VenueStatus) }),
  },
  ...sessionStreamSchemas,
  ...marketStreamSchemas,
  ...marketWatchStreamSchemas,
  ...orderStreamSchemas,
  ...replayStreamSchemas,
} as const;

export type StreamName = keyof typeof streamSchemas;
export type StreamParamsOf<S extends StreamName> = z.input<(typeof streamSchemas)[S]['params']>;
export type ParsedStreamParamsOf<S extends StreamName> = z.output<(typeof streamSchemas)[S]['params']>;
export type StreamEventOf<S extends StreamName> = (typeof streamSchemas)[S]['binary'] extends true
  ? ArrayBuffer
  : z.output<(typeof streamSchemas)[S]['event']>;
export const STREAM_NAMES = Object.keys(streamSchemas) as StreamName[];
