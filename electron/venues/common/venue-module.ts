// Everything the main thread knows about one venue, declared once in its folder
// (electron/venues/<venue>/<venue>-venue.ts) and listed in electron/venues/registry.ts. The engine
// worker's half (scanner and book rules) is electron/book/venue-book.ts, kept apart so the worker
// bundle never loads an adapter, a socket or the keychain.
import type { z } from 'zod';
import type { VenueId } from '../../../shared/domain';
import type { MarketDataSink, VenueAdapter, VenueCapabilities } from './adapter';

/** The answer of a "test connection": did the venue accept the stored credentials, in plain words. */
export interface LoginCheck {
  ok: boolean;
  message: string;
}

export interface VenueCredentialsSpec<Credentials extends object> {
  /** Strict object schema of the fields the user enters (the vault stores exactly these). */
  readonly schema: z.ZodType<Credentials>;
  /** The field that actually grants access; its last four characters are all a status may show. */
  readonly mainSecret: keyof Credentials & string;
  /** Fields that are identifiers, not secrets (not redacted from log lines). */
  readonly publicFields: readonly string[];
  /** Random values in the venue's own shape, for the demo profile's simulators. */
  demo(): Credentials;
}

export interface VenueEndpointsSpec<Endpoints extends object, SimDescriptor> {
  /** Remote profiles allow TLS only; `local` (demo) pins every URL to loopback and allows plain. */
  schema(local: boolean): z.ZodType<Endpoints>;
  /** Sandbox and production endpoints, from the venue's reference §1. */
  readonly test: Endpoints;
  readonly production: Endpoints;
  /** Where the running simulator listens, as this venue's endpoints. */
  fromSimulator(descriptor: SimDescriptor): Endpoints;
}

/** The venue's non-secret settings (settings.json `venues.<venue>`); `enabled` is every venue's. */
export type VenueSettingsSchema = z.ZodType<{ enabled: boolean }>;

export interface AdapterInput<Credentials, Endpoints> {
  endpoints: Endpoints;
  credentials: Credentials;
  sink: MarketDataSink;
  /** Paxos places orders under a trading profile (settings, or the demo simulator's). */
  tradingProfileId?: string;
}

export interface VenueModule<Credentials extends object, Endpoints extends object, SimDescriptor> {
  readonly id: VenueId;
  readonly credentials: VenueCredentialsSpec<Credentials>;
  readonly endpoints: VenueEndpointsSpec<Endpoints, SimDescriptor>;
  /** Its entry in settings.json: defaults to enabled, with whatever else the venue needs. */
  readonly settings: VenueSettingsSchema;
  /** What order entry the venue accepts (the renderer receives them through the contract). */
  readonly capabilities: VenueCapabilities;
  createAdapter(input: AdapterInput<Credentials, Endpoints>): VenueAdapter;
  /** Only the venue's login step, with the adapter's own auth code; starts no adapter. */
  checkLogin(endpoints: Endpoints, credentials: Credentials): Promise<LoginCheck>;
}
