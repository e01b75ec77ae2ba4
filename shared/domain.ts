// Domain vocabulary shared by the core and every renderer window.
import { z } from 'zod';

export const VENUES = ['paxos', 'finery', 'alor'] as const;
export const VenueId = z.enum(VENUES);
export type VenueId = z.infer<typeof VenueId>;

/** What a trader can ask a venue for; each adapter declares the subset its venue accepts. */
export const OrderSide = z.enum(['buy', 'sell']);
export type OrderSide = z.infer<typeof OrderSide>;
export const OrderType = z.enum(['market', 'limit', 'stop', 'stopLimit']);
export type OrderType = z.infer<typeof OrderType>;
export const TimeInForce = z.enum(['GTC', 'IOC', 'FOK', 'DAY']);
export type TimeInForce = z.infer<typeof TimeInForce>;

export const PROFILES = ['demo', 'test', 'production'] as const;
export const ProfileName = z.enum(PROFILES);
export type ProfileName = z.infer<typeof ProfileName>;

/** Every state a venue connection can be in; each change is an event the renderer shows. */
export const ConnectionState = z.enum([
  'idle',
  'connecting',
  'authenticating',
  'connected',
  'live',
  'stale',
  'reconnecting',
  'down',
]);
export type ConnectionState = z.infer<typeof ConnectionState>;

/** States in which a venue session exists (stale: connected, but a feed went quiet). */
export const UP_STATES: ReadonlySet<string> = new Set<ConnectionState>(['connected', 'live', 'stale']);

/** How a venue is named to a trader, in every window and message. */
export const VENUE_NAMES: Record<VenueId, string> = {
  paxos: 'Paxos',
  finery: 'Finery Markets',
  alor: 'ALOR',
};

export function venueName(venue: string): string {
  return (VENUE_NAMES as Record<string, string>)[venue] ?? venue;
}

export const VenueStatus = z.object({
  venue: VenueId,
  state: ConnectionState,
  /** Plain-words reason for down/stale/reconnecting; never carries a secret. */
  reason: z.string().max(500).optional(),
  since: z.string(),
  messagesPerSecond: z.number().nonnegative().optional(),
  /** Book level changes applied per second (one venue message usually carries many). */
  levelUpdatesPerSecond: z.number().nonnegative().optional(),
  lastMessageAgeMs: z.number().nonnegative().optional(),
  roundTripMs: z.number().nonnegative().optional(),
  /** Whether the venue cancels our working orders when we disconnect (Finery cod). */
  cancelsOnDisconnect: z.boolean().optional(),
});
export type VenueStatus = z.infer<typeof VenueStatus>;

export const WINDOW_KINDS = ['main', 'ladder', 'board', 'ticket', 'login', 'settings'] as const;
export const WindowKind = z.enum(WINDOW_KINDS);
export type WindowKind = z.infer<typeof WindowKind>;

export const WindowBounds = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(150).max(20_000),
});
export type WindowBounds = z.infer<typeof WindowBounds>;
