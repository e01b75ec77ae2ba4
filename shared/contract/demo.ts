// Contract entries that exist for the demo profile only: its simulators stand in for the outside
// world, and a test (or a trader trying the app) can make one venue go away to see how the desk
// shows it. The core refuses them in any other profile.
import { z } from 'zod';
import { VenueId } from '../domain';

export const demoRequestSchemas = {
  /** Stops one demo venue's simulator for good (until the session restarts): the venue goes down. */
  'demo.stopSimulator': {
    request: z.object({ venue: VenueId }).strict(),
    response: z.object({ stopped: VenueId }),
  },
};
