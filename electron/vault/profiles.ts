// Profiles decide where each venue connection goes. demo points at our own simulators (their
// ports are only known once they run, so the core passes them in); test and production come from
// each venue's folder (electron/venues/<venue>/endpoints.ts). Only production can touch real money.
import { z } from 'zod';
import { describeIssues } from '../../shared/contract/errors';

import { PROFILES, ProfileName, VENUES, VenueId } from '../../shared/domain';
import { VENUE_MODULES } from '../venues/registry';

export { PROFILES, ProfileName, VENUES, VenueId };

type EndpointSchemas = { [V in VenueId]: ReturnType<(typeof VENUE_MODULES)[V]['endpoints']['schema']> };

function endpointSchemas(local: boolean, venues: readonly VenueId[] = VENUES) {
  return z.object(
    Object.fromEntries(venues.map((v) => [v, VENUE_MODULES[v].endpoints.schema(local)])) as EndpointSchemas,
  );
}

/** Remote profiles: TLS only. */
export const RemoteEndpointsSchema = endpointSchemas(false);
/** Simulator endpoints: loopback only, plain ws/http allowed. */
export const DemoEndpointsSchema = endpointSchemas(true);
export type VenueEndpoints = z.infer<typeof RemoteEndpointsSchema>;

export interface Profile {
  id: ProfileName;
  label: string;
  /** True only for production: the UI must make that unmistakable before any order. */
  realMoney: boolean;
  /**
   * A venue without endpoints is off in this profile: only the demo profile, connected to a
   * simulator description that lists some venues only (`--venues FILE`), leaves any out.
   */
  endpoints: Partial<VenueEndpoints>;
}

/** test and production: every venue has its endpoints. */
export interface RemoteProfile extends Profile {
  endpoints: VenueEndpoints;
}

/** Sandbox or production endpoints of every venue, as each venue's folder declares them. */
function remoteEndpoints(profile: 'test' | 'production'): VenueEndpoints {
  return Object.fromEntries(VENUES.map((v) => [v, VENUE_MODULES[v].endpoints[profile]])) as VenueEndpoints;
}

export class ProfileError extends Error {
  override readonly name = 'ProfileError';
}

const META: Record<ProfileName, { label: string; realMoney: boolean }> = {
  demo: { label: 'Demo (local simulators)', realMoney: false },
  test: { label: 'Test (venue sandboxes)', realMoney: false },
  production: { label: 'Production (real money)', realMoney: true },
};

function checked<T>(id: ProfileName, schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ProfileError(`Profile ${id} has invalid endpoints: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function remoteProfile(id: 'test' | 'production'): RemoteProfile {
  return { id, ...META[id], endpoints: checked(id, RemoteEndpointsSchema, remoteEndpoints(id)) };
}

/**
 * All three profiles. `demoEndpoints` are the running simulators' addresses; they are checked
 * like the built-in ones (a typo there should fail here, not as a connection error later).
 */
export function buildProfiles(demoEndpoints: unknown): {
  demo: Profile;
  test: RemoteProfile;
  production: RemoteProfile;
} {
  return {
    demo: getProfile('demo', demoEndpoints),
    test: remoteProfile('test'),
    production: remoteProfile('production'),
  };
}

/**
 * One profile; `test` and `production` need no simulator addresses. `demoVenues` are the venues
 * the demo's simulators serve (all unless a description lists fewer); each needs its endpoints.
 */
export function getProfile(id: 'test' | 'production'): RemoteProfile;
export function getProfile(
  id: ProfileName,
  demoEndpoints?: unknown,
  demoVenues?: readonly VenueId[],
): Profile;
export function getProfile(
  id: ProfileName,
  demoEndpoints?: unknown,
  demoVenues?: readonly VenueId[],
): Profile {
  if (id !== 'demo') return remoteProfile(id);
  if (demoEndpoints === undefined)
    throw new ProfileError('Profile demo needs the simulator endpoints, and none were given');
  const schema: z.ZodType<Partial<VenueEndpoints>> =
    demoVenues === undefined ? DemoEndpointsSchema : endpointSchemas(true, demoVenues);
  return { id, ...META[id], endpoints: checked(id, schema, demoEndpoints) };
}
