// An ALOR refresh token and the portfolio it trades (alor.md §2, `user.portfolio`).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { credentialField } from '../common/fields';
import type { VenueCredentialsSpec } from '../common/venue-module';

export interface AlorCredentials {
  refreshToken: string;
  portfolio: string;
}

export const alorCredentials: VenueCredentialsSpec<AlorCredentials> = {
  schema: z.strictObject({
    refreshToken: credentialField(),
    // ALOR portfolios look like D39004 / 7500ABC; see alor.md `user.portfolio`.
    portfolio: credentialField({
      pattern: /^[A-Za-z0-9_-]+$/,
      message: 'may contain only letters, digits, _ and -',
      max: 32,
    }),
  }),
  mainSecret: 'refreshToken',
  publicFields: ['portfolio'],
  demo: () => ({
    refreshToken: randomBytes(32).toString('base64url'),
    portfolio: `D${String(randomBytes(3).readUIntBE(0, 3) % 100000).padStart(5, '0')}`,
  }),
};
