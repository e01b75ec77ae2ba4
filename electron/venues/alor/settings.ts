// ALOR's entry in settings.json.
import { z } from 'zod';
import { venueSettingsBase } from '../common/fields';

// A default factory: see paxos/settings.ts.
export const alorSettings = z
  .strictObject({
    ...venueSettingsBase,
    exchange: z.enum(['MOEX', 'SPBX']).default('MOEX'),
  })
  .default(() => ({ enabled: true, exchange: 'MOEX' as const }));
