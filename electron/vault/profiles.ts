// Profiles decide where each venue connection goes. demo points at our own simulators (their
// ports are only known once they run, so the core passes them in); test and production come from
// the venue references in ../shared/venues/*.md. Only production can touch real money.
import { z } from 'zod';
import { describeIssues } from '../../shared/contract/errors';

import { PROFILES, ProfileName, VENUES, VenueId } from '../../shared/domain';

export { PROFILES, ProfileName, VENUES, VenueId };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A URL with one of the given schemes; `local` additionally pins it to this machine. */
function endpoint(schemes: readonly string[], local: boolean) {
  return z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid URL' });
      return;
    }
    if (!schemes.includes(url.protocol.replace(/:$/, ''))) {
      ctx.addIssue({
        code: 'custom',
        message: `must use ${schemes.join(' or ')}, not ${url.protocol.replace(/:$/, '')}`,
      });
    }
    if (local && !LOOPBACK_HOSTS.has(url.hostname)) {
      // Demo credentials are generated locally and must never be sent to a remote host.
      ctx.addIssue({ code: 'custom', message: 'must point at this machine (127.0.0.1, localhost or [::1])' });
    }
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not embed credentials' });
  });
}

function endpointSchemas(local: boolean) {
  const ws = endpoint(local ? ['ws', 'wss'] : ['wss'], local);
  const http = endpoint(local ? ['http', 'https'] : ['https'], local);
  return z.object({
    /** Paxos: SOR WebSocket, OAuth2 token URL, REST v2 base (order entry). */
    paxos: z.strictObject({ ws, oauthToken: http, rest: http }),
    /** Finery: one WebSocket and a REST base that methods are appended to (`<rest>/<method>`). */
    finery: z.strictObject({ ws, rest: http }),
    /** ALOR: data WS (/ws), order WS (/cws), HTTP API and the refresh→access token URL. */
    alor: z.strictObject({ ws, cws: ws, http, refresh: http }),
  });
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

// Sandbox and production endpoints, from ../shared/venues/{paxos,finery-markets,alor}.md §1.
const TEST_ENDPOINTS: VenueEndpoints = {
  paxos: {
    ws: 'wss://ws.sandbox.paxos.com/',
    oauthToken: 'https://oauth.sandbox.paxos.com/oauth2/token',
    rest: 'https://api.sandbox.paxos.com/v2',
  },
  finery: { ws: 'wss://test.finerymarkets.com/ws', rest: 'https://test.finerymarkets.com/api' },
  alor: {
    ws: 'wss://apidev.alor.ru/ws',
    cws: 'wss://apidev.alor.ru/cws',
    http: 'https://apidev.alor.ru',
    refresh: 'https://oauthdev.alor.ru/refresh',
  },
};

const PRODUCTION_ENDPOINTS: VenueEndpoints = {
  paxos: {
    ws: 'wss://ws.paxos.com/',
    oauthToken: 'https://oauth.paxos.com/oauth2/token',
    rest: 'https://api.paxos.com/v2',
  },
  finery: { ws: 'wss://trade.finerymarkets.com/ws', rest: 'https://trade.finerymarkets.com/api' },
  alor: {
    ws: 'wss://api.alor.ru/ws',
    cws: 'wss://api.alor.ru/cws',
    http: 'https://api.alor.ru',
    refresh: 'https://oauth.alor.ru/refresh',
  },
};

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
  if (id === 'test') return checked(id, TEST_ENDPOINTS);
  if (id === 'production') return checked(id, PRODUCTION_ENDPOINTS);
  if (demoEndpoints === undefined)
    throw new ProfileError('Profile demo needs the simulator endpoints, and none were given');
  return checked(id, demoEndpoints);
}
