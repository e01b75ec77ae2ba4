// "Test connection" for Paxos: one token request through the adapter's own TokenManager, asking
// only for the market-data scope every Paxos key must carry.
import { createLogger } from '../../base/log';
import type { LoginCheck } from '../common/venue-module';
import { DEFAULT_TIMING } from './adapter/options';
import { TokenManager } from './adapter/token';
import type { PaxosCredentials } from './credentials';
import type { PaxosEndpoints } from './endpoints';
import { SCOPE_MARKET_DATA_STREAM } from './wire/paxos-wire';

const TIMEOUT_MS = 10_000;
const log = createLogger('paxos.login');

export async function checkPaxosLogin(
  endpoints: PaxosEndpoints,
  credentials: PaxosCredentials,
): Promise<LoginCheck> {
  const tokens = new TokenManager({
    url: endpoints.oauthToken,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    scopes: [SCOPE_MARKET_DATA_STREAM],
    fetch: (input, init) => fetch(input, init),
    timeoutMs: TIMEOUT_MS,
    renewFraction: DEFAULT_TIMING.tokenRenewFraction,
    minRenewMs: DEFAULT_TIMING.minTokenRenewMs,
    log,
  });
  try {
    await tokens.mint();
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const grant = tokens.lastGrant;
  if (grant?.scope !== undefined && !grant.scope.split(' ').includes(SCOPE_MARKET_DATA_STREAM)) {
    return { ok: false, message: `the token was issued without the ${SCOPE_MARKET_DATA_STREAM} scope` };
  }
  return {
    ok: true,
    message: `Paxos accepted the credentials (token valid ${grant?.expiresInS ?? '?'} s)`,
  };
}
