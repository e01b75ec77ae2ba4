// The main-process core: one object both hosts (Electron, web) drive. It owns the contract's
// enforcement — every request and subscription is parsed before any handler sees it, and every
// response and event is parsed on the way out — so a host is only a transport.
import {
  ContractError,
  parseRequest,
  parseResponse,
  parseStreamEvent,
  parseSubscription,
  type RequestChannel,
  type ParsedRequestOf,
  type ResponseOf,
  type StreamEventOf,
  type StreamName,
  type ParsedStreamParamsOf,
  type WireError,
} from '../../shared/contract';
import { createLogger } from './log';

const log = createLogger('core');

/** Who is asking: lets handlers scope per window and lets hosts say which window misbehaved. */
export interface CallerContext {
  host: 'electron' | 'web';
  /** Host-specific id of the window or page connection. */
  client: string;
}

/** Handlers receive the parsed request (defaults applied), never the raw one. */
export type RequestHandler<C extends RequestChannel> = (
  payload: ParsedRequestOf<C>,
  caller: CallerContext,
) => ResponseOf<C> | Promise<ResponseOf<C>>;

export type StreamProvider<S extends StreamName> = (
  params: ParsedStreamParamsOf<S>,
  emit: (event: StreamEventOf<S>) => void,
  caller: CallerContext,
  fail: (error: ContractError) => void,
) => () => void;

export type InvokeResult = { ok: true; result: unknown } | { ok: false; error: WireError };
export type SubscribeResult = { ok: true; unsubscribe: () => void } | { ok: false; error: WireError };

function toWireError(error: unknown, channel: string): WireError {
  if (error instanceof ContractError) return error.toWire();
  log.error('handler failed', { channel, error });
  return { code: 'INTERNAL', message: `${channel} failed inside Crossbook; see the log for details` };
}

export class CrossbookCore {
  private readonly handlers = new Map<RequestChannel, RequestHandler<RequestChannel>>();
  private readonly providers = new Map<StreamName, StreamProvider<StreamName>>();
  private readonly closers = new Set<() => void | Promise<void>>();

  handle<C extends RequestChannel>(channel: C, handler: RequestHandler<C>): void {
    if (this.handlers.has(channel)) throw new Error(`handler for ${channel} registered twice`);
    this.handlers.set(channel, handler as unknown as RequestHandler<RequestChannel>);
  }

  provide<S extends StreamName>(stream: S, provider: StreamProvider<S>): void {
    if (this.providers.has(stream)) throw new Error(`provider for ${stream} registered twice`);
    this.providers.set(stream, provider as unknown as StreamProvider<StreamName>);
  }

  /** Registers cleanup run by close(), in reverse order of registration. */
  onClose(closer: () => void | Promise<void>): void {
    this.closers.add(closer);
  }

  /** Entry point for untrusted requests from any host. Never throws. */
  async invoke(channel: unknown, payload: unknown, caller: CallerContext): Promise<InvokeResult> {
    let parsed: { channel: RequestChannel; payload: unknown };
    try {
      parsed = parseRequest(channel, payload);
    } catch (error) {
      log.warn('refused request', { client: caller.client, reason: (error as Error).message });
      return { ok: false, error: toWireError(error, 'request') };
    }
    const handler = this.handlers.get(parsed.channel);
    if (!handler) {
      return {
        ok: false,
        error: { code: 'UNAVAILABLE', message: `${parsed.channel} is not available in this host` },
      };
    }
    try {
      const result = await handler(parsed.payload as ParsedRequestOf<RequestChannel>, caller);
      return { ok: true, result: parseResponse(parsed.channel, result) };
    } catch (error) {
      return { ok: false, error: toWireError(error, parsed.channel) };
    }
  }

  /** Entry point for untrusted subscriptions. `sink` receives only contract-valid events. */
  subscribe(
    stream: unknown,
    params: unknown,
    sink: (event: unknown) => void,
    onEnd: (error?: WireError) => void,
    caller: CallerContext,
  ): SubscribeResult {
    let parsed: { stream: StreamName; params: unknown };
    try {
      parsed = parseSubscription(stream, params);
    } catch (error) {
      log.warn('refused subscription', { client: caller.client, reason: (error as Error).message });
      return { ok: false, error: toWireError(error, 'subscription') };
    }
    const provider = this.providers.get(parsed.stream);
    if (!provider) {
      return {
        ok: false,
        error: { code: 'UNAVAILABLE', message: `${parsed.stream} is not available in this host` },
      };
    }
    const name = parsed.stream;
    let active = true;
    let stop: (() => void) | undefined;
    const end = (error?: WireError) => {
      if (!active) return;
      active = false;
      stop?.();
      onEnd(error);
    };
    const emit = (event: unknown) => {
      if (!active) return;
      try {
        sink(parseStreamEvent(name, event));
      } catch (error) {
        end(toWireError(error, name));
      }
    };
    try {
      stop = provider(parsed.params as ParsedStreamParamsOf<StreamName>, emit, caller, (error) =>
        end(error.toWire()),
      );
    } catch (error) {
      return { ok: false, error: toWireError(error, name) };
    }
    if (!active) stop();
    return {
      ok: true,
      unsubscribe: () => {
        if (!active) return;
        active = false;
        stop?.();
      },
    };
  }

  async close(): Promise<void> {
    const closers = [...this.closers].reverse();
    this.closers.clear();
    for (const closer of closers) {
      try {
        await closer();
      } catch (error) {
        log.warn('cleanup failed', { error });
      }
    }
  }
}
