// Every request a renderer may make, with the schema of what it sends and what it gets back.
// The core parses both directions: requests so bad input is refused with a clear error, and
// responses so nothing outside the declared shape (a stray secret, say) can leave the core.
import { z } from 'zod';
import { ProfileName, VenueStatus, WindowBounds, WindowKind } from '../domain';
import { demoRequestSchemas } from './demo';
import { auditRequestSchemas } from './audit';
import { marketRequestSchemas } from './market';
import { orderRequestSchemas } from './orders';
import { replayRequestSchemas } from './replay';
import { sessionRequestSchemas } from './session';

const Empty = z.object({}).strict();

export const requestSchemas = {
  'app.info': {
    request: Empty,
    response: z.object({
      name: z.literal('Crossbook'),
      version: z.string(),
      host: z.enum(['electron', 'web']),
      profile: ProfileName,
      startedAt: z.string(),
    }),
  },
  'app.echo': {
    request: z.object({ text: z.string().max(10_000) }).strict(),
    response: z.object({ text: z.string(), receivedAt: z.string() }),
  },
  'venues.status': {
    request: Empty,
    response: z.object({ venues: z.array(VenueStatus) }),
  },
  'window.open': {
    request: z
      .object({
        kind: WindowKind,
        /** Window parameters such as the ladder's instrument; plain identifiers only. */
        params: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/), z.string().max(64)).optional(),
        /** Where to put it (a restored workspace); the Electron host applies it, a browser may not. */
        bounds: WindowBounds.optional(),
      })
      .strict(),
    response: z.object({
      /** The web host cannot create windows itself: it answers the URL for the page to open. */
      url: z.string().optional(),
    }),
  },
  ...sessionRequestSchemas,
  ...marketRequestSchemas,
  ...orderRequestSchemas,
  ...demoRequestSchemas,
  ...auditRequestSchemas,
  ...replayRequestSchemas,
} as const;

export type RequestChannel = keyof typeof requestSchemas;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]['request']>;
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]['response']>;
export const REQUEST_CHANNELS = Object.keys(requestSchemas) as RequestChannel[];
