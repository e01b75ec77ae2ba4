// Finery Markets, as the main thread knows it: credentials, endpoints, order entry, adapter and
// login check.
import type { VenueModule } from '../common/venue-module';
import { createFineryAdapter } from './adapter/finery-adapter';
import { fineryCapabilities } from './adapter/capabilities';
import { fineryCredentials, type FineryCredentials } from './credentials';
import { fineryEndpoints, type FineryEndpoints } from './endpoints';
import { checkFineryLogin } from './login';
import { finerySettings } from './settings';
import type { FinerySimDescriptor } from './sim/finery-simulator';

export const fineryVenue = {
  id: 'finery',
  credentials: fineryCredentials,
  endpoints: fineryEndpoints,
  settings: finerySettings,
  capabilities: fineryCapabilities(true),
  createAdapter: ({ endpoints, credentials, sink }) =>
    createFineryAdapter({ endpoints, key: credentials.key, secret: credentials.secret, sink }),
  checkLogin: checkFineryLogin,
} satisfies VenueModule<FineryCredentials, FineryEndpoints, FinerySimDescriptor>;
