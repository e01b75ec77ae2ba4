// OAuth2 client_credentials (§2). Tokens are opaque random strings mapped server-side to their
// scopes and expiry, so expiry and revocation can be injected as faults.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { registerSecret } from '../../../base/log';
import { SCOPE_MARKET_DATA_STREAM, SCOPE_READ_ORDER, SCOPE_WRITE_ORDER } from '../wire/paxos-wire';
import { readBody, sendJson } from './http';

export interface TokenRecord {
  token: string;
  scopes: Set<string>;
  expiresAtMs: number;
  revoked: boolean;
}

export type TokenCheck =
  { ok: true; record: TokenRecord } | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'revoked' };

/** Scopes this simulated client is allowed; others are `invalid_scope` as RFC 6749 says. */
export const GRANTABLE_SCOPES = new Set([
  SCOPE_MARKET_DATA_STREAM,
  SCOPE_READ_ORDER,
  SCOPE_WRITE_ORDER,
  'funding:read_profile',
]);

export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly ttlSeconds: number) {}

  issue(scopes: string[]): TokenRecord {
    const token = randomBytes(32).toString('base64url');
    registerSecret(token);
    const record: TokenRecord = {
      token,
      scopes: new Set(scopes),
      expiresAtMs: Date.now() + this.ttlSeconds * 1000,
      revoked: false,
    };
    this.tokens.set(token, record);
    return record;
  }

  check(token: string | undefined): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const record = this.tokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.revoked) return { ok: false, reason: 'revoked' };
    if (Date.now() >= record.expiresAtMs) return { ok: false, reason: 'expired' };
    return { ok: true, record };
  }

  expireAll(): void {
    const now = Date.now();
    for (const r of this.tokens.values()) r.expiresAtMs = Math.min(r.expiresAtMs, now);
    this.notify();
  }

  revokeAll(): void {
    for (const r of this.tokens.values()) r.revoked = true;
    this.notify();
  }

  /** Called after expireAll/revokeAll so open sockets can apply the expiry policy at once. */
  onInvalidate(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Multipart text fields only: P9 shows the token call with curl `--form`. */
function parseMultipart(body: Buffer, contentType: string): Map<string, string> | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return undefined;
  const out = new Map<string, string>();
  for (const part of body.toString('utf8').split(`--${boundary}`)) {
    const idx = part.indexOf('\r\n\r\n');
    if (idx < 0) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, idx))?.[1];
    if (name === undefined) continue;
    out.set(name, part.slice(idx + 4).replace(/\r\n$/, ''));
  }
  return out;
}

function parseForm(body: Buffer, contentType: string): Map<string, string> | undefined {
  const ct = contentType.toLowerCase();
  if (ct.startsWith('application/x-www-form-urlencoded'))
    return new Map(new URLSearchParams(body.toString('utf8')));
  if (ct.startsWith('multipart/form-data')) return parseMultipart(body, contentType);
  return undefined;
}

/** Client credentials from the body (client_secret_post) or HTTP Basic (client_secret_basic). */
function clientCredentials(
  req: IncomingMessage,
  form: Map<string, string>,
): { id?: string; secret?: string } {
  const h = req.headers.authorization;
  if (typeof h === 'string' && /^Basic\s+/i.test(h)) {
    const decoded = Buffer.from(h.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      return {
        id: decodeURIComponent(decoded.slice(0, colon)),
        secret: decodeURIComponent(decoded.slice(colon + 1)),
      };
    }
  }
  return { id: form.get('client_id'), secret: form.get('client_secret') };
}

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}

/**
 * POST /oauth2/token. Error bodies follow RFC 6749 §5.2 (the reference documents none of its own):
 * bad client → 401 invalid_client, other grants → 400 unsupported_grant_type, unknown scope → 400.
 */
export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  store: TokenStore,
  client: { id: string; secret: string },
  ttlSeconds: number,
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    oauthError(res, 405, 'invalid_request', 'The token endpoint accepts POST only');
    return;
  }
  const body = await readBody(req);
  const form = parseForm(body, String(req.headers['content-type'] ?? ''));
  if (!form) {
    oauthError(
      res,
      400,
      'invalid_request',
      'Expected an application/x-www-form-urlencoded or multipart/form-data body',
    );
    return;
  }
  const creds = clientCredentials(req, form);
  if (
    !creds.id ||
    !creds.secret ||
    !safeEqual(creds.id, client.id) ||
    !safeEqual(creds.secret, client.secret)
  ) {
    oauthError(res, 401, 'invalid_client', 'Client authentication failed');
    return;
  }
  const grant = form.get('grant_type');
  if (!grant) {
    oauthError(res, 400, 'invalid_request', 'grant_type is required');
    return;
  }
  if (grant !== 'client_credentials') {
    oauthError(res, 400, 'unsupported_grant_type', `grant_type ${grant.slice(0, 40)} is not supported`);
    return;
  }
  const scopes = (form.get('scope') ?? '').split(/[\s+]+/).filter((s) => s.length > 0);
  const bad = scopes.find((s) => !GRANTABLE_SCOPES.has(s));
  if (bad !== undefined) {
    oauthError(res, 400, 'invalid_scope', `The requested scope is not allowed: ${bad.slice(0, 80)}`);
    return;
  }
  const record = store.issue(scopes);
  res.setHeader('cache-control', 'no-store');
  sendJson(res, 200, {
    access_token: record.token,
    expires_in: ttlSeconds,
    token_type: 'bearer',
    scope: scopes.join(' '),
  });
}
