// A Finery Markets API key and its signing secret (finery-markets.md §2).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { credentialField } from '../common/fields';
import type { VenueCredentialsSpec } from '../common/venue-module';

export interface FineryCredentials {
  key: string;
  secret: string;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

export const fineryCredentials: VenueCredentialsSpec<FineryCredentials> = {
  schema: z.strictObject({ key: credentialField(), secret: credentialField() }),
  mainSecret: 'secret',
  publicFields: [],
  demo: () => ({ key: `demo-${token(12)}`, secret: token(32) }),
};
