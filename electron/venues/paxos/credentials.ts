// A Paxos API key: OAuth2 client id and secret (paxos.md §2).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { credentialField } from '../common/fields';
import type { VenueCredentialsSpec } from '../common/venue-module';

export interface PaxosCredentials {
  clientId: string;
  clientSecret: string;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

export const paxosCredentials: VenueCredentialsSpec<PaxosCredentials> = {
  schema: z.strictObject({ clientId: credentialField(), clientSecret: credentialField() }),
  mainSecret: 'clientSecret',
  publicFields: [],
  demo: () => ({ clientId: `demo-${token(12)}`, clientSecret: token(32) }),
};
