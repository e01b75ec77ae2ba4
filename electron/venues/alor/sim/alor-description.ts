// ALOR's entry in the simulator description: the simulator's URLs, the demo refresh token it
// accepts and the portfolio it trades (AlorSimDescriptor).
import { z } from 'zod';
import { credentialField } from '../../common/fields';
import { descriptionFields as f, type SimDescriptionEntry } from '../../simkit/description';

const schema = z.strictObject({
  ws: f.ws(),
  cws: f.ws(),
  /** Base URL that /refresh hangs off. */
  oauth: f.http(),
  /** HTTP API base. */
  api: f.http(),
  refreshToken: credentialField(),
  // ALOR portfolios look like D39004 / 7500ABC (alor.md `user.portfolio`).
  portfolio: credentialField({
    pattern: /^[A-Za-z0-9_-]+$/,
    message: 'may contain only letters, digits, _ and -',
    max: 32,
  }),
  symbols: f.names(),
});

export const alorDescription: SimDescriptionEntry<
  z.output<typeof schema>,
  { refreshToken: string; portfolio: string }
> = {
  schema,
  credentials: (e) => ({ refreshToken: e.refreshToken, portfolio: e.portfolio }),
};
