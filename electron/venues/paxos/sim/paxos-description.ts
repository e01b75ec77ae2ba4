// Paxos's entry in the simulator description: the simulator's URLs, the demo API key it accepts
// and the trading profile it books orders under (PaxosSimDescriptor).
import { z } from 'zod';
import { credentialField } from '../../common/fields';
import { descriptionFields as f, type SimDescriptionEntry } from '../../simkit/description';

const schema = z.strictObject({
  ws: f.ws(),
  /** Full token URL. */
  oauth: f.http(),
  /** REST v2 base (ends in /v2). */
  rest: f.http(),
  clientId: credentialField(),
  clientSecret: credentialField(),
  profileId: credentialField({
    pattern: /^[A-Za-z0-9-]+$/,
    message: 'may contain only letters, digits and -',
    max: 64,
  }),
  markets: f.names(),
});

export const paxosDescription: SimDescriptionEntry<
  z.output<typeof schema>,
  { clientId: string; clientSecret: string }
> = {
  schema,
  credentials: (e) => ({ clientId: e.clientId, clientSecret: e.clientSecret }),
};
