// Paxos's entry in settings.json.
import { z } from 'zod';
import { venueSettingsBase } from '../common/fields';

// Defaults are factories: zod v4 returns a literal default object by reference, so one caller
// mutating its settings would otherwise change the defaults for everyone.
export const paxosSettings = z
  .strictObject({
    ...venueSettingsBase,
    /** Paxos REST v2 orders are placed under a profile id (paxos.md, order entry). */
    profileId: z.string().min(1).max(64).optional(),
  })
  .default(() => ({ enabled: true }));
