// Demo credentials are real credentials for our own simulators: generated once, kept in the
// keychain under profile "demo" like any other, and handed to the simulators at start. That way
// no code path (auth, vault, status, UI) has to treat demo as a special case.
import { createLogger } from '../base/log';
import { VENUE_MODULES } from '../venues/registry';
import type { CredentialsByVenue } from './credentials';
import { VENUES, type VenueId } from './profiles';
import { VaultError, type Vault } from './vault';

export type DemoCredentials = CredentialsByVenue;
export type GenerateDemoCredentials = <V extends VenueId>(venue: V) => CredentialsByVenue[V];

const log = createLogger('vault.demo');

/** Random values in each venue's own shape (ALOR portfolios look like D12345). */
export const randomDemoCredentials: GenerateDemoCredentials = <V extends VenueId>(venue: V) =>
  VENUE_MODULES[venue].credentials.demo() as CredentialsByVenue[V];

/**
 * Returns the demo credentials for every venue, generating and storing the missing ones. Later
 * starts read the stored ones, so the simulators keep accepting the same keys.
 */
export async function ensureDemoCredentials(
  vault: Vault,
  generate: GenerateDemoCredentials = randomDemoCredentials,
): Promise<DemoCredentials> {
  const out: Partial<Record<VenueId, unknown>> = {};
  for (const venue of VENUES) {
    let existing: CredentialsByVenue[typeof venue] | null;
    try {
      existing = await vault.get('demo', venue);
    } catch (err) {
      // Unreadable demo entries protect nothing real; replacing them beats blocking start-up.
      if (!(err instanceof VaultError)) throw err;
      log.warn('demo credentials were unreadable and are regenerated', { venue });
      existing = null;
    }
    if (!existing) {
      await vault.set('demo', venue, generate(venue));
      // Read back: if another Crossbook process stored its own at the same moment, use the winner.
      existing = await vault.get('demo', venue);
      if (!existing) throw new VaultError(`Demo credentials for ${venue} vanished right after being stored`);
      log.info('demo credentials generated', { venue });
    }
    out[venue] = existing;
  }
  return out as DemoCredentials;
}
