// Where a Paxos connection goes: the market-data WebSocket, the OAuth2 token URL and the REST v2
// base (order entry). Sandbox and production from paxos.md §1.
import { z } from 'zod';
import { urlFields } from '../common/fields';
import type { VenueEndpointsSpec } from '../common/venue-module';
import type { PaxosSimDescriptor } from './sim/paxos-simulator';

export interface PaxosEndpoints {
  ws: string;
  oauthToken: string;
  rest: string;
}

export const paxosEndpoints: VenueEndpointsSpec<PaxosEndpoints, PaxosSimDescriptor> = {
  schema(local) {
    const { ws, http } = urlFields(local);
    return z.strictObject({ ws, oauthToken: http, rest: http });
  },
  test: {
    ws: 'wss://ws.sandbox.paxos.com/',
    oauthToken: 'https://oauth.sandbox.paxos.com/oauth2/token',
    rest: 'https://api.sandbox.paxos.com/v2',
  },
  production: {
    ws: 'wss://ws.paxos.com/',
    oauthToken: 'https://oauth.paxos.com/oauth2/token',
    rest: 'https://api.paxos.com/v2',
  },
  fromSimulator: (d) => ({ ws: d.ws, oauthToken: d.oauth, rest: d.rest }),
};
