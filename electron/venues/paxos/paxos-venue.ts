// Paxos, as the main thread knows it: credentials, endpoints, order entry, adapter and login check.
import type { VenueModule } from '../common/venue-module';
import { createPaxosAdapter } from './adapter/paxos-adapter';
import { paxosCapabilities } from './adapter/capabilities';
import { paxosCredentials, type PaxosCredentials } from './credentials';
import { paxosEndpoints, type PaxosEndpoints } from './endpoints';
import { checkPaxosLogin } from './login';
import { paxosSettings } from './settings';
import type { PaxosSimDescriptor } from './sim/paxos-simulator';

export const paxosVenue = {
  id: 'paxos',
  credentials: paxosCredentials,
  endpoints: paxosEndpoints,
  settings: paxosSettings,
  capabilities: paxosCapabilities,
  createAdapter: ({ endpoints, credentials, sink, tradingProfileId }) =>
    createPaxosAdapter({
      endpoints,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      ...(tradingProfileId ? { profileId: tradingProfileId } : {}),
      sink,
    }),
  checkLogin: checkPaxosLogin,
} satisfies VenueModule<PaxosCredentials, PaxosEndpoints, PaxosSimDescriptor>;
