// "Test connection" for Finery: the adapter's own signed upgrade (same signer, same process-wide
// nonce source, so it can never push a running adapter's nonces backwards), then the
// ["X",0,"Z",code] gate that says whether the trading backend is there.
import type { LoginCheck } from '../common/venue-module';
import { signedHandshake } from './adapter/auth';
import { meaning } from './adapter/codec';
import { FinerySocket } from './adapter/socket';
import type { FineryCredentials } from './credentials';
import type { FineryEndpoints } from './endpoints';
import { connectionStatusCode, decodeFeedMessage } from './wire/finery-wire';

const TIMEOUT_MS = 10_000;

export function checkFineryLogin(
  endpoints: FineryEndpoints,
  credentials: FineryCredentials,
): Promise<LoginCheck> {
  return new Promise((resolve) => {
    let answered = false;
    const done = (result: LoginCheck) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(
      () => done({ ok: false, message: 'Finery did not confirm the session in time' }),
      TIMEOUT_MS,
    );
    const socket = new FinerySocket({
      url: endpoints.ws,
      headers: { ...signedHandshake(credentials.key, credentials.secret) },
      pingIntervalMs: TIMEOUT_MS,
      deadAfterMs: TIMEOUT_MS,
      openTimeoutMs: TIMEOUT_MS,
      onOpen: () => undefined,
      onText: (text) => {
        if (!text.startsWith('["X"')) return;
        let code: number | undefined;
        try {
          code = connectionStatusCode(decodeFeedMessage(text));
        } catch {
          code = undefined;
        }
        done(
          code === 0
            ? { ok: true, message: 'Finery accepted the key and signature' }
            : {
                ok: false,
                message: `Finery accepted the key but reports its trading backend unavailable (${code === undefined ? text.slice(0, 40) : meaning(code)})`,
              },
        );
      },
      onClose: (why) =>
        done({
          ok: false,
          message:
            why.kind === 'refused'
              ? `Finery refused the connection: ${why.code !== undefined ? meaning(why.code) : `HTTP ${why.status}`}`
              : `could not reach Finery (${why.reason})`,
        }),
    });
  });
}
