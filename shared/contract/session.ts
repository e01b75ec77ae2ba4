// Contract entries for the login and credentials screens. Secrets travel one way only: in a
// credentials.set request. No response or event carries one — only set / last four / verified.
import { z } from 'zod';
import { ProfileName, VenueId } from '../domain';

export const CredentialStatus = z.object({
  set: z.boolean(),
  last4: z.string().length(4).optional(),
  lastVerifiedAt: z.string().optional(),
});
export type CredentialStatus = z.infer<typeof CredentialStatus>;

export const SessionPhase = z.enum([
  'locked',
  'unlocking',
  'starting',
  'ready',
  'keychain-unavailable',
  'error',
]);
export type SessionPhase = z.infer<typeof SessionPhase>;

export const SessionState = z.object({
  phase: SessionPhase,
  profile: ProfileName,
  profileLabel: z.string(),
  realMoney: z.boolean(),
  /** Why the keychain cannot be used and what to do about it (phase keychain-unavailable). */
  keychain: z.object({ problem: z.string(), reason: z.string(), fix: z.string() }).optional(),
  /** Plain-words detail for phase error. */
  message: z.string().optional(),
  credentials: z.record(VenueId, CredentialStatus).optional(),
});
export type SessionState = z.infer<typeof SessionState>;

const Empty = z.object({}).strict();
/** Lax on purpose: the vault validates each venue's fields and names the bad one without echoing it. */
const CredentialFields = z.record(z.string().max(64), z.string().max(8192));

export const sessionRequestSchemas = {
  'session.state': { request: Empty, response: SessionState },
  'session.unlock': { request: Empty, response: SessionState },
  'session.switchProfile': { request: z.object({ profile: ProfileName }).strict(), response: SessionState },
  'credentials.set': {
    request: z.object({ profile: ProfileName, venue: VenueId, credentials: CredentialFields }).strict(),
    response: z.object({ venue: VenueId, status: CredentialStatus }),
  },
  'credentials.delete': {
    request: z.object({ profile: ProfileName, venue: VenueId }).strict(),
    response: z.object({ venue: VenueId, status: CredentialStatus }),
  },
  'credentials.test': {
    request: z.object({ profile: ProfileName, venue: VenueId }).strict(),
    response: z.object({ ok: z.boolean(), message: z.string() }),
  },
} as const;

export const sessionStreamSchemas = {
  'session.state': { binary: false, params: Empty, event: SessionState },
} as const;
