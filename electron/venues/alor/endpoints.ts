// Where an ALOR connection goes: data WS (/ws), order WS (/cws), the HTTP API and the
// refresh→access token URL. Sandbox and production from alor.md §1.
import { z } from 'zod';
import { urlFields } from '../common/fields';
import type { VenueEndpointsSpec } from '../common/venue-module';
import type { AlorProfileEndpoints } from './adapter/options';
import type { AlorSimDescriptor } from './sim/alor-simulator';

export type AlorEndpoints = AlorProfileEndpoints;

export const alorEndpoints: VenueEndpointsSpec<AlorEndpoints, AlorSimDescriptor> = {
  schema(local) {
    const { ws, http } = urlFields(local);
    return z.strictObject({ ws, cws: ws, http, refresh: http });
  },
  test: {
    ws: 'wss://apidev.alor.ru/ws',
    cws: 'wss://apidev.alor.ru/cws',
    http: 'https://apidev.alor.ru',
    refresh: 'https://oauthdev.alor.ru/refresh',
  },
  production: {
    ws: 'wss://api.alor.ru/ws',
    cws: 'wss://api.alor.ru/cws',
    http: 'https://api.alor.ru',
    refresh: 'https://oauth.alor.ru/refresh',
  },
  fromSimulator: (d) => ({ ws: d.ws, cws: d.cws, http: d.api, refresh: `${d.oauth}/refresh` }),
};
