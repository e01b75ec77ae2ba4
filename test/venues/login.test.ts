// Each venue's login check, through the registry, against its simulator: the adapter's own auth
// code must accept the simulator's credentials and put a refusal in plain words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VENUES, type VenueId } from '../../shared/domain';
import { venueModule } from '../../electron/venues/registry';
import { startAllSimulators, type AllSimulators } from '../../electron/venues/simulator-registry';

let sims: AllSimulators;
beforeAll(async () => {
  sims = await startAllSimulators({ rate: 0 });
});
afterAll(() => sims.close());

function credentialsOf(venue: VenueId): Record<string, string> {
  const d = sims.descriptor;
  if (venue === 'paxos') return { clientId: d.paxos.clientId, clientSecret: d.paxos.clientSecret };
  if (venue === 'finery') return { key: d.finery.key, secret: d.finery.secret };
  return { refreshToken: d.alor.refreshToken, portfolio: d.alor.portfolio };
}

describe.each(VENUES)('%s login check', (venue) => {
  const module = () => venueModule(venue);
  const endpoints = () => module().endpoints.fromSimulator(sims.descriptor[venue]);

  it('accepts the credentials the simulator issued', async () => {
    const result = await module().checkLogin(endpoints(), credentialsOf(venue));
    expect(result.message).not.toBe('');
    expect(result.ok).toBe(true);
  });

  it('refuses a wrong secret without echoing it', async () => {
    const wrong = { ...credentialsOf(venue), [module().credentials.mainSecret]: 'not-the-secret-0000' };
    const result = await module().checkLogin(endpoints(), wrong);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/refused/);
    expect(result.message).not.toContain('not-the-secret');
  });
});
