// Finery Markets, as the main thread knows it: credentials, endpoints, order entry, adapter and
// login check.
import type { VenueModule } from '../common/venue-module';
import { createFineryAdapter } from './adapter/finery-adapter';
import { fineryCapabilities } from './adapter/capabilities';
import { fineryCredentials, type FineryCredentials } from './credentials';
import { fineryEndpoints, type FineryEndpoints } from './endpoints';
import { checkFineryLogin } from './login';
import type { FinerySimDescriptor } from './sim/finery-simulator';

export const fineryVenue: VenueModule<FineryCredentials, FineryEndpoints, FinerySimDescriptor> = {
  id: 'finery',
  credentials: fineryCredentials,
  endpoints: fineryEndpoints,
  capabilities: fineryCapabilities(true),
  createAdapter: ({ endpoints, credentials, sink }) =>
    createFineryAdapter({ endpoints, key: credentials.key, secret: credentials.secret, sink }),
  checkLogin: checkFineryLogin,
};
