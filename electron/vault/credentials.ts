// What a venue credential looks like, and how bad input is described. Every message here names
// the field and the problem and never the value: these strings end up in the UI and in logs.
import { z } from 'zod';
import { VENUES, VenueId } from './profiles';

/** Far above any real key/token (ALOR refresh tokens and Paxos secrets are well under 200 chars). */
export const MAX_FIELD_LENGTH = 4096;

export interface PaxosCredentials {
  clientId: string;
  clientSecret: string;
}
export interface FineryCredentials {
  key: string;
  secret: string;
}
export interface AlorCredentials {
  refreshToken: string;
  portfolio: string;
}
export interface CredentialsByVenue {
  paxos: PaxosCredentials;
  finery: FineryCredentials;
  alor: AlorCredentials;
}
export type AnyCredentials = CredentialsByVenue[VenueId];

/** The field whose last four characters status() may show; the one that actually grants access. */
export const MAIN_SECRET: { [V in VenueId]: keyof CredentialsByVenue[V] & string } = {
  paxos: 'clientSecret',
  finery: 'secret',
  alor: 'refreshToken',
};

/** Fields that are identifiers, not secrets (so they are not redacted from every log line). */
const PUBLIC_FIELDS = new Set(['portfolio']);

export class CredentialError extends Error {
  override readonly name = 'CredentialError';
  constructor(
    /** Dotted path of the offending input, e.g. `paxos.clientSecret` or `venue`. */
    readonly field: string,
    /** What is wrong with it, in words. Never contains the value. */
    readonly problem: string,
  ) {
    super(`Invalid credentials: ${field} ${problem}`);
  }
}

function stringField(extra?: { pattern: RegExp; message: string; max: number }) {
  // Type errors are worded by hand: zod's defaults are fine today, but nothing may echo input.
  let s = z
    .string({ error: (iss) => (iss.input === undefined ? 'is missing' : 'must be a string') })
    // Pasted keys often carry a trailing newline or space; that is never part of a real key.
    .trim()
    .min(1, 'is empty')
    .max(extra?.max ?? MAX_FIELD_LENGTH, `is longer than ${extra?.max ?? MAX_FIELD_LENGTH} characters`);
  s = s.regex(/^[\x21-\x7E]+$/, 'contains spaces or characters other than printable ASCII');
  if (extra) s = s.regex(extra.pattern, extra.message);
  return s;
}

export const CredentialSchemas = {
  paxos: z.strictObject({ clientId: stringField(), clientSecret: stringField() }),
  finery: z.strictObject({ key: stringField(), secret: stringField() }),
  alor: z.strictObject({
    refreshToken: stringField(),
    // ALOR portfolios look like D39004 / 7500ABC; see alor.md `user.portfolio`.
    portfolio: stringField({
      pattern: /^[A-Za-z0-9_-]+$/,
      message: 'may contain only letters, digits, _ and -',
      max: 32,
    }),
  }),
} satisfies Record<VenueId, z.ZodType>;

const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/** Only the first issue: one clear sentence beats a list the user has to decode. */
export function issueToCredentialError(prefix: string, error: z.ZodError): CredentialError {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].join('.');
  if (!issue) return new CredentialError(prefix, 'is invalid');
  if (issue.code === 'unrecognized_keys') {
    // A key name is not a secret, but a caller could have swapped key and value; echo only tame names.
    const names = issue.keys.filter((k) => SAFE_KEY.test(k));
    const what = names.length === issue.keys.length ? names.join(', ') : `${issue.keys.length} field(s)`;
    return new CredentialError(path, `has unexpected field(s): ${what}`);
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0) {
    return new CredentialError(path, "must be an object with the venue's credential fields");
  }
  return new CredentialError(path, issue.message);
}

export function parseVenue(venue: unknown): VenueId {
  const r = VenueId.safeParse(venue);
  if (!r.success) throw new CredentialError('venue', `must be one of ${VENUES.join(', ')}`);
  return r.data;
}

export function parseCredentials<V extends VenueId>(venue: V, raw: unknown): CredentialsByVenue[V] {
  const r = CredentialSchemas[venue].safeParse(raw);
  if (!r.success) throw issueToCredentialError(venue, r.error);
  return r.data as CredentialsByVenue[V];
}

/** Every string value worth redacting, valid or not (a rejected secret is still a secret). */
export function secretValues(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (PUBLIC_FIELDS.has(k) || typeof v !== 'string' || v.length > MAX_FIELD_LENGTH) continue;
    out.push(v, v.trim());
  }
  return out;
}
