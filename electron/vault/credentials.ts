// What a venue credential looks like, and how bad input is described. Every message here names
// the field and the problem and never the value: these strings end up in the UI and in logs.
import type { z } from 'zod';
import { MAX_FIELD_LENGTH } from '../venues/common/fields';
import { VENUE_MODULES, venueModule, type CredentialsByVenue } from '../venues/registry';
import { VENUES, VenueId } from './profiles';

export { MAX_FIELD_LENGTH };
export type { CredentialsByVenue };
export type AnyCredentials = CredentialsByVenue[VenueId];

/** The field whose last four characters status() may show; the one that actually grants access. */
export function mainSecretOf(venue: VenueId): string {
  return venueModule(venue).credentials.mainSecret;
}

/** Fields that are identifiers, not secrets (so they are not redacted from every log line). */
const PUBLIC_FIELDS = new Set(VENUES.flatMap((v) => venueModule(v).credentials.publicFields));

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

export const CredentialSchemas = Object.fromEntries(
  VENUES.map((v) => [v, VENUE_MODULES[v].credentials.schema]),
) as { [V in VenueId]: (typeof VENUE_MODULES)[V]['credentials']['schema'] };

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
