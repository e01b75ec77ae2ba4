// "Test connection" for ALOR: one refresh through the adapter's own TokenManager, then a look at
// the access token's `portfolios` claim, where ALOR lists what the token may trade.
import { decodeJwtClaims } from '../../base/jwt';
import { createLogger } from '../../base/log';
import type { LoginCheck } from '../common/venue-module';
import { AuthRefused, TokenManager } from './adapter/token';
import type { AlorCredentials } from './credentials';
import type { AlorEndpoints } from './endpoints';

const TIMEOUT_MS = 10_000;
const log = createLogger('alor.login');

export async function checkAlorLogin(
  endpoints: AlorEndpoints,
  credentials: AlorCredentials,
): Promise<LoginCheck> {
  const tokens = new TokenManager({
    refreshUrl: endpoints.refresh,
    refreshToken: credentials.refreshToken,
    renewBeforeMs: 5 * 60_000,
    renewFraction: 1 / 6,
    httpTimeoutMs: TIMEOUT_MS,
    log,
  });
  // Stopped: the one token minted here is never renewed.
  tokens.stop();
  let jwt: string;
  try {
    jwt = await tokens.get();
  } catch (error) {
    return { ok: false, message: error instanceof AuthRefused ? error.message : (error as Error).message };
  }
  const claims = decodeJwtClaims(jwt);
  const portfolios = typeof claims?.portfolios === 'string' ? claims.portfolios.split(' ') : undefined;
  if (portfolios && !portfolios.includes(credentials.portfolio)) {
    return {
      ok: false,
      message: `the refresh token is valid but does not cover portfolio ${credentials.portfolio}`,
    };
  }
  return { ok: true, message: `ALOR issued an access token for portfolio ${credentials.portfolio}` };
}
