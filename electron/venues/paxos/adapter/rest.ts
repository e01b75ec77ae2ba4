// REST v2 transport: bearer token, timeouts, one re-mint on 401, and problem+json (§11.3) turned
// into VenueErrors with plain messages. Replies are zod-validated; a reply we cannot read is an
// 'unavailable' error, never a half-read object.
import type { z } from 'zod';
import type { Logger } from '../../../base/log';
import { VenueError } from '../../common/adapter';
import type { Problem } from '../wire/paxos-wire';
import { problemSchema } from '../wire/paxos-wire';
import type { TokenManager } from './token';

export class PaxosHttpError extends VenueError {
  constructor(
    kind: VenueError['kind'],
    message: string,
    retryable: boolean,
    readonly status: number,
    readonly problem?: Problem,
  ) {
    super(kind, message, retryable, status);
  }
}

export interface RestDeps {
  base: string;
  tokens: TokenManager;
  fetch: typeof fetch;
  timeoutMs: number;
  log: Logger;
}

export interface RequestOptions<T> {
  query?: Record<string, string | string[] | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  auth?: boolean;
}

export class PaxosRest {
  requests = 0;
  badReplies = 0;

  constructor(private readonly deps: RestDeps) {}

  async request<T>(method: string, path: string, o: RequestOptions<T>): Promise<T> {
    const auth = o.auth ?? true;
    let token = auth ? await this.deps.tokens.get() : undefined;
    let res = await this.send(method, path, o, token);
    if (res.status === 401 && auth) {
      // A token the venue no longer honours (expired early, revoked): re-mint once and retry.
      // Safe for creates too: a 401 means the request was not processed.
      this.deps.tokens.invalidate(token);
      token = await this.deps.tokens.mint();
      res = await this.send(method, path, o, token);
    }
    const json = await readJson(res);
    if (!res.ok) throw this.problem(method, path, res.status, json);
    const parsed = o.schema.safeParse(json);
    if (!parsed.success) {
      this.badReplies++;
      this.deps.log.warn('unreadable Paxos REST reply', {
        method,
        path,
        issue: parsed.error.issues[0]?.message,
      });
      throw new VenueError('unavailable', `Paxos sent an unreadable reply to ${method} ${path}`, true);
    }
    return parsed.data;
  }

  private async send(
    method: string,
    path: string,
    o: RequestOptions<unknown>,
    token: string | undefined,
  ): Promise<Response> {
    const url = new URL(this.deps.base + path);
    for (const [k, v] of Object.entries(o.query ?? {})) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    this.requests++;
    try {
      return await this.deps.fetch(url, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        signal: AbortSignal.timeout(this.deps.timeoutMs),
      });
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      throw new VenueError(
        timedOut ? 'timeout' : 'unavailable',
        timedOut
          ? `Paxos did not answer ${method} ${path} within ${this.deps.timeoutMs} ms`
          : `cannot reach Paxos for ${method} ${path}`,
        true,
      );
    }
  }

  private problem(method: string, path: string, status: number, json: unknown): PaxosHttpError {
    const p = problemSchema.safeParse(json).data;
    const detail = (p?.detail ?? p?.title ?? `HTTP ${status}`).slice(0, 300);
    const say = `Paxos: ${detail}`;
    if (status === 400) return new PaxosHttpError('invalid', say, false, status, p);
    if (status === 401)
      return new PaxosHttpError('unauthorized', 'Paxos refused our access token', false, status, p);
    if (status === 403) {
      // 403 is both "business rule rejected the order" and "token lacks a scope" (§11.3).
      const scope = /scope/i.test(detail);
      return new PaxosHttpError(scope ? 'unauthorized' : 'rejected', say, false, status, p);
    }
    if (status === 404) return new PaxosHttpError('not_found', say, false, status, p);
    if (status === 409) return new PaxosHttpError('duplicate', say, false, status, p);
    if (status === 429)
      return new PaxosHttpError('unavailable', 'Paxos is rate limiting us (HTTP 429)', true, status, p);
    this.deps.log.warn('Paxos REST error', { method, path, status });
    return new PaxosHttpError('unavailable', say, status >= 500, status, p);
  }
}

async function readJson(res: Response): Promise<unknown> {
  try {
    const text = await res.text();
    return text.length === 0 ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}
