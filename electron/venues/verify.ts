// "Test connection": proves a venue accepts the stored credentials by doing only its login step
// (Paxos token, Finery signed handshake, ALOR refresh) and says what went wrong in plain words.
// It deliberately does not start an adapter, so it can check credentials for any profile.
import CryptoJS from 'crypto-js';
import WebSocket from 'ws';
import type { AlorCredentials, FineryCredentials, PaxosCredentials } from '../vault/credentials';
import type { VenueEndpoints } from '../vault/profiles';

export interface VerifyResult {
  ok: boolean;
  message: string;
}

const TIMEOUT_MS = 10_000;
export const PAXOS_MARKET_DATA_SCOPE = 'exchange:read_aggregated_marketdata_stream';

async function post(url: string, init: RequestInit): Promise<Response | VerifyResult> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, message: `could not reach ${new URL(url).host} (${cause ?? (error as Error).name})` };
  }
}

export async function verifyPaxos(
  endpoints: VenueEndpoints['paxos'],
  creds: PaxosCredentials,
): Promise<VerifyResult> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: creds.clientId,
    client_secret: creds.clientSecret,
    scope: PAXOS_MARKET_DATA_SCOPE,
  });
  const res = await post(endpoints.oauthToken, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  if (!(res instanceof Response)) return res;
  if (res.status === 401) return { ok: false, message: 'Paxos refused the client id or secret' };
  if (res.status === 400) {
    const error = ((await res.json().catch(() => ({}))) as { error?: string }).error;
    if (error === 'invalid_scope')
      return { ok: false, message: `these credentials lack the ${PAXOS_MARKET_DATA_SCOPE} scope` };
    return { ok: false, message: `Paxos refused the token request (${error ?? 'bad request'})` };
  }
  if (!res.ok) return { ok: false, message: `Paxos answered HTTP ${res.status}` };
  const token = (await res.json().catch(() => ({}))) as { scope?: string; expires_in?: number };
  if (token.scope !== undefined && !token.scope.split(' ').includes(PAXOS_MARKET_DATA_SCOPE)) {
    return { ok: false, message: `the token was issued without the ${PAXOS_MARKET_DATA_SCOPE} scope` };
  }
  return { ok: true, message: `Paxos accepted the credentials (token valid ${token.expires_in ?? '?'} s)` };
}

const FINERY_HANDSHAKE_ERRORS: Record<number, string> = {
  3: 'a required authentication header was missing',
  6: 'the nonce was refused (not larger than the last one used with this key)',
  7: "the request timestamp was refused: check this computer's clock",
  14: 'the key or the signature was refused (wrong key or secret)',
};

export function verifyFinery(
  endpoints: VenueEndpoints['finery'],
  creds: FineryCredentials,
): Promise<VerifyResult> {
  const content = JSON.stringify({ nonce: Date.now() * 1000, timestamp: Date.now() });
  const signature = CryptoJS.HmacSHA384(content, creds.secret).toString(CryptoJS.enc.Base64);
  return new Promise((resolve) => {
    const ws = new WebSocket(endpoints.ws, {
      headers: { 'EFX-Key': creds.key, 'EFX-Sign': signature, 'EFX-Content': content },
      handshakeTimeout: TIMEOUT_MS,
    });
    const done = (result: VerifyResult) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () => done({ ok: false, message: 'Finery did not confirm the session in time' }),
      TIMEOUT_MS,
    );
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        const code = Number((/"error"\s*:\s*(\d+)/.exec(text) ?? [])[1]);
        done({
          ok: false,
          message: FINERY_HANDSHAKE_ERRORS[code] ?? `Finery refused the connection (HTTP ${res.statusCode})`,
        });
      });
    });
    ws.on('message', (data) => {
      const text = data.toString();
      if (!text.startsWith('["X"')) return;
      done(
        text.replace(/\s/g, '') === '["X",0,"Z",0]'
          ? { ok: true, message: 'Finery accepted the key and signature' }
          : {
              ok: false,
              message: `Finery accepted the key but reports its trading backend unavailable (${text.slice(0, 40)})`,
            },
      );
    });
    ws.on('error', (error) => done({ ok: false, message: `could not reach Finery (${error.message})` }));
  });
}

export async function verifyAlor(
  endpoints: VenueEndpoints['alor'],
  creds: AlorCredentials,
): Promise<VerifyResult> {
  const url = new URL(endpoints.refresh);
  url.searchParams.set('token', creds.refreshToken);
  const res = await post(url.toString(), { method: 'POST' });
  if (!(res instanceof Response)) return res;
  if (res.status === 401 || res.status === 403) {
    return { ok: false, message: 'ALOR refused the refresh token (wrong, expired or revoked)' };
  }
  if (!res.ok) return { ok: false, message: `ALOR answered HTTP ${res.status}` };
  const jwt = ((await res.json().catch(() => ({}))) as { AccessToken?: string }).AccessToken;
  if (!jwt) return { ok: false, message: 'ALOR answered without an access token' };
  const claims = decodeJwtClaims(jwt);
  const portfolios = typeof claims?.portfolios === 'string' ? claims.portfolios.split(' ') : undefined;
  if (portfolios && !portfolios.includes(creds.portfolio)) {
    return {
      ok: false,
      message: `the refresh token is valid but does not cover portfolio ${creds.portfolio}`,
    };
  }
  return { ok: true, message: `ALOR issued an access token for portfolio ${creds.portfolio}` };
}

function decodeJwtClaims(jwt: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return undefined;
  }
}
