// Where a Finery connection goes: one WebSocket and a REST base that methods are appended to
// (`<rest>/<method>`). Sandbox and production from finery-markets.md §1.
import { z } from 'zod';
import { urlFields } from '../common/fields';
import type { VenueEndpointsSpec } from '../common/venue-module';
import type { FinerySimDescriptor } from './sim/finery-simulator';

export interface FineryEndpoints {
  ws: string;
  rest: string;
}

export const fineryEndpoints: VenueEndpointsSpec<FineryEndpoints, FinerySimDescriptor> = {
  schema(local) {
    const { ws, http } = urlFields(local);
    return z.strictObject({ ws, rest: http });
  },
  test: { ws: 'wss://test.finerymarkets.com/ws', rest: 'https://test.finerymarkets.com/api' },
  production: { ws: 'wss://trade.finerymarkets.com/ws', rest: 'https://trade.finerymarkets.com/api' },
  fromSimulator: (d) => ({ ws: d.ws, rest: d.rest }),
};
