// Finery Markets' entry in the simulator description: the simulator's URLs and the demo API key
// and signing secret it accepts (FinerySimDescriptor).
import { z } from 'zod';
import { credentialField } from '../../common/fields';
import { descriptionFields as f, type SimDescriptionEntry } from '../../simkit/description';

const schema = z.strictObject({
  ws: f.ws(),
  rest: f.http(),
  key: credentialField(),
  secret: credentialField(),
  instruments: f.names(),
});

export const fineryDescription: SimDescriptionEntry<
  z.output<typeof schema>,
  { key: string; secret: string }
> = {
  schema,
  credentials: (e) => ({ key: e.key, secret: e.secret }),
};
