// Reading (never verifying) a JWT's claims: our clients only need to know when a token they were
// given runs out or what it covers; the venue that issued it checks the signature.
import { Buffer } from 'node:buffer';

/** The payload of a compact JWT as an object; undefined when it is not one. */
export function decodeJwtClaims(jwt: string): Record<string, unknown> | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
