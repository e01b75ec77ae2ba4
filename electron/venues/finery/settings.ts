// Finery's entry in settings.json.
import { z } from 'zod';
import { venueSettingsBase } from '../common/fields';

// A default factory: see paxos/settings.ts.
export const finerySettings = z.strictObject({ ...venueSettingsBase }).default(() => ({ enabled: true }));
