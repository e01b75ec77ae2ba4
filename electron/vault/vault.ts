// Venue credentials in the OS keychain: service "Crossbook", one account per (profile, venue),
// e.g. "demo/paxos", holding a small JSON document. lastVerifiedAt lives inside that document
// rather than in settings, so replacing or deleting credentials drops their verification with
// them in the same keychain write, and settings.json never has to be consistent with the keychain.
import { z } from 'zod';
import { createLogger, registerSecret } from '../base/log';
import {
  CredentialError,
  CredentialSchemas,
  mainSecretOf,
  issueToCredentialError,
  parseCredentials,
  parseVenue,
  secretValues,
  type AnyCredentials,
  type CredentialsByVenue,
} from './credentials';
import { isInternalAccount, type Keychain } from './keychain';
import { ProfileName, PROFILES, VENUES, type VenueId } from './profiles';

export const VAULT_SERVICE = 'Crossbook';

/** The only credential information that may ever leave the main process. */
export const VenueCredentialStatusSchema = z.strictObject({
  set: z.boolean(),
  last4: z.string().length(4).optional(),
  lastVerifiedAt: z.iso.datetime().optional(),
});
export type VenueCredentialStatus = z.infer<typeof VenueCredentialStatusSchema>;
export type ProfileCredentialStatus = Record<VenueId, VenueCredentialStatus>;

/** Stored credentials exist but cannot be used (unreadable entry, nothing to verify, ...). */
export class VaultError extends Error {
  override readonly name = 'VaultError';
}

/** Showing four characters of a short secret would give away too large a share of it. */
const MIN_LENGTH_FOR_LAST4 = 12;

function storedSchema<V extends VenueId>(venue: V) {
  return z.strictObject({
    v: z.literal(1),
    venue: z.literal(venue),
    credentials: CredentialSchemas[venue],
    updatedAt: z.iso.datetime(),
    lastVerifiedAt: z.iso.datetime().optional(),
  });
}
const [firstVenue, ...otherVenues] = VENUES;
const StoredSchema = z.discriminatedUnion('venue', [
  storedSchema(firstVenue),
  ...otherVenues.map((venue) => storedSchema(venue)),
]);
type StoredDoc = z.infer<typeof StoredSchema>;

const log = createLogger('vault');

export function accountName(profile: ProfileName, venue: VenueId): string {
  return `${profile}/${venue}`;
}

function parseProfile(profile: unknown): ProfileName {
  const r = ProfileName.safeParse(profile);
  if (!r.success) throw new CredentialError('profile', `must be one of ${PROFILES.join(', ')}`);
  return r.data;
}

function parseTime(at: Date | string): string {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) throw new VaultError('markVerified needs a valid time');
  return d.toISOString();
}

function registerAll(creds: object): void {
  for (const s of secretValues(creds)) registerSecret(s);
}

function sameCredentials(a: object, b: object): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && ra[k] === rb[k]);
}

export interface VaultOptions {
  /** Overridable so tests (and side-by-side installs) use their own keychain namespace. */
  service?: string;
  now?: () => Date;
}

export class Vault {
  private readonly service: string;
  private readonly now: () => Date;
  /** Per-account queue: a read-modify-write (markVerified) must not interleave with a set. */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly keychain: Keychain,
    options: VaultOptions = {},
  ) {
    this.service = options.service ?? VAULT_SERVICE;
    this.now = options.now ?? (() => new Date());
  }

  /** Per venue: whether credentials are stored, the main secret's last four, when last verified. */
  async status(profile: ProfileName): Promise<ProfileCredentialStatus> {
    const p = parseProfile(profile);
    const entries = await Promise.all(
      VENUES.map(async (venue) => [venue, await this.statusOf(p, venue)] as const),
    );
    return Object.fromEntries(entries) as ProfileCredentialStatus;
  }

  /** Full credentials. Main process only: never send the result to a renderer or a log. */
  async get<V extends VenueId>(profile: ProfileName, venue: V): Promise<CredentialsByVenue[V] | null> {
    const p = parseProfile(profile);
    const v = parseVenue(venue) as V;
    const doc = await this.read(p, v);
    return doc ? (doc.credentials as CredentialsByVenue[V]) : null;
  }

  /**
   * Validates everything before touching the keychain, so a rejected call leaves whatever was
   * stored before exactly as it was. Arguments are `unknown`-typed on purpose: they arrive from
   * the renderer.
   */
  async set(profile: unknown, venue: unknown, creds: unknown): Promise<void> {
    registerAll(creds && typeof creds === 'object' ? creds : {});
    const p = parseProfile(profile);
    const v = parseVenue(venue);
    const credentials = parseCredentials(v, creds);
    registerAll(credentials);
    // The whole document is checked too, so nothing is written that read() would later refuse.
    const checked = StoredSchema.safeParse({
      v: 1,
      venue: v,
      credentials,
      updatedAt: this.now().toISOString(),
    });
    if (!checked.success) throw issueToCredentialError(v, checked.error);
    const doc = checked.data;
    await this.serial(p, v, () => this.keychain.set(this.service, accountName(p, v), JSON.stringify(doc)));
    log.info('credentials stored', { account: accountName(p, v) });
  }

  /** True when something was deleted. */
  async delete(profile: ProfileName, venue: VenueId): Promise<boolean> {
    const p = parseProfile(profile);
    const v = parseVenue(venue);
    const deleted = await this.serial(p, v, () => this.keychain.delete(this.service, accountName(p, v)));
    if (deleted) log.info('credentials deleted', { account: accountName(p, v) });
    return deleted;
  }

  /** Every (profile, venue) with something stored, readable or not. */
  async list(): Promise<Array<{ profile: ProfileName; venue: VenueId }>> {
    const out: Array<{ profile: ProfileName; venue: VenueId }> = [];
    for (const account of await this.keychain.list(this.service)) {
      if (isInternalAccount(account)) continue;
      const [profile, venue, ...rest] = account.split('/');
      const p = ProfileName.safeParse(profile);
      const v = z.enum(VENUES).safeParse(venue);
      if (p.success && v.success && rest.length === 0) out.push({ profile: p.data, venue: v.data });
    }
    return out.sort((a, b) => accountName(a.profile, a.venue).localeCompare(accountName(b.profile, b.venue)));
  }

  /**
   * Records a successful login. Pass the credentials that were verified: if they were replaced
   * while the check ran, the new ones are not marked (returns false).
   */
  async markVerified(
    profile: ProfileName,
    venue: VenueId,
    at: Date | string,
    verified?: AnyCredentials,
  ): Promise<boolean> {
    const p = parseProfile(profile);
    const v = parseVenue(venue);
    const when = parseTime(at);
    return this.serial(p, v, async () => {
      const doc = await this.read(p, v);
      if (!doc)
        throw new VaultError(
          `No credentials are stored for ${accountName(p, v)}, so none can be marked verified`,
        );
      if (verified && !sameCredentials(doc.credentials, verified)) return false;
      await this.keychain.set(
        this.service,
        accountName(p, v),
        JSON.stringify({ ...doc, lastVerifiedAt: when }),
      );
      return true;
    });
  }

  private async statusOf(profile: ProfileName, venue: VenueId): Promise<VenueCredentialStatus> {
    let doc: StoredDoc | null;
    try {
      doc = await this.read(profile, venue);
    } catch (err) {
      if (!(err instanceof VaultError)) throw err;
      // Shown as "not set" so the UI offers to enter them again, which overwrites the bad entry.
      log.warn('stored credentials are unreadable; reporting them as not set', {
        account: accountName(profile, venue),
      });
      return { set: false };
    }
    if (!doc) return { set: false };
    const main = (doc.credentials as unknown as Record<string, string>)[mainSecretOf(venue)] ?? '';
    return {
      set: true,
      ...(main.length >= MIN_LENGTH_FOR_LAST4 ? { last4: main.slice(-4) } : {}),
      ...(doc.lastVerifiedAt ? { lastVerifiedAt: doc.lastVerifiedAt } : {}),
    };
  }

  private async read(profile: ProfileName, venue: VenueId): Promise<StoredDoc | null> {
    const account = accountName(profile, venue);
    const raw = await this.keychain.get(this.service, account);
    if (raw === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      // JSON.parse's own message quotes the input; that input is a secret.
      throw new VaultError(`Stored credentials for ${account} are not valid JSON; enter them again`);
    }
    const parsed = StoredSchema.safeParse(json);
    if (!parsed.success) {
      const e = issueToCredentialError('stored', parsed.error);
      throw new VaultError(
        `Stored credentials for ${account} are unreadable (${e.field} ${e.problem}); enter them again`,
      );
    }
    const doc = parsed.data;
    if (doc.venue !== venue)
      throw new VaultError(`Stored credentials for ${account} belong to another venue; enter them again`);
    registerAll(doc.credentials);
    return doc;
  }

  private serial<T>(profile: ProfileName, venue: VenueId, work: () => Promise<T>): Promise<T> {
    const key = accountName(profile, venue);
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.then(work, work);
    const settled = next.catch(() => undefined);
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return next;
  }
}
