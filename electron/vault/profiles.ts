// Profiles decide where each venue connection goes. demo points at our own simulators (their
// ports are only known once they run, so the core passes them in); test and production come from
// each venue's folder (electron/venues/<venue>/endpoints.ts). Only production can touch real money.
import { z } from 'zod';
import { describeIssues } from '../../shared/contract/errors';

import { PROFILES, ProfileName, VENUES, VenueId } from '../../shared/domain';
import { VENUE_MODULES } from '../venues/registry';

export { PROFILES, ProfileName, VENUES, VenueId };

function endpointSchemas(local: boolean) {
  return z.object(
    Object.fromEntries(VENUES.map((v) => [v, VENUE_MODULES[v].endpoints.schema(local)])) as {
      [V in VenueId]: ReturnType<(typeof VENUE_MODULES)[V]['endpoints']['schema']>;
    },
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

function checked(id: ProfileName, raw: unknown): Profile {
  const parsed = (id === 'demo' ? DemoEndpointsSchema : RemoteEndpointsSchema).safeParse(raw);
  if (!parsed.success)
    throw new ProfileError(`Profile ${id} has invalid endpoints: ${describeIssues(parsed.error)}`);
  return { id, ...META[id], endpoints: parsed.data };
}

/**
 * All three profiles. `demoEndpoints` are the running simulators' addresses; they are checked
 * like the built-in ones (a typo there should fail here, not as a connection error later).
 */
export function buildProfiles(demoEndpoints: unknown): Record<ProfileName, Profile> {
  return {
    demo: getProfile('demo', demoEndpoints),
    test: getProfile('test'),
    production: getProfile('production'),
  };
}

/** One profile; `test` and `production` need no simulator addresses. */
export function getProfile(id: ProfileName, demoEndpoints?: unknown): Profile {
  if (id === 'test') return checked(id, remoteEndpoints('test'));
  if (id === 'production') return checked(id, remoteEndpoints('production'));
  if (demoEndpoints === undefined)
    throw new ProfileError('Profile demo needs the simulator endpoints, and none were given');
  return checked(id, demoEndpoints);
}
