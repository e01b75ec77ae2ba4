// ALOR, as the main thread knows it: credentials, endpoints, order entry, adapter and login check.
import type { VenueModule } from '../common/venue-module';
import { createAlorAdapter } from './adapter/alor-adapter';
import { optionsFromProfile } from './adapter/options';
import { alorCapabilities } from './adapter/capabilities';
import { alorCredentials, type AlorCredentials } from './credentials';
import { alorEndpoints, type AlorEndpoints } from './endpoints';
import { checkAlorLogin } from './login';
import { alorSettings } from './settings';
import type { AlorSimDescriptor } from './sim/alor-simulator';

export const alorVenue = {
  id: 'alor',
  credentials: alorCredentials,
  endpoints: alorEndpoints,
  settings: alorSettings,
  capabilities: alorCapabilities,
  createAdapter: ({ endpoints, credentials, sink }) =>
    createAlorAdapter(
      optionsFromProfile(endpoints, {
        refreshToken: credentials.refreshToken,
        portfolio: credentials.portfolio,
        sink,
      }),
    ),
  checkLogin: checkAlorLogin,
} satisfies VenueModule<AlorCredentials, AlorEndpoints, AlorSimDescriptor>;
