// A typed stand-in for the core: records every invoke, answers from per-channel handlers, and
// lets a test push events into whichever streams the component subscribed to.
import {
  ContractError,
  type CrossbookApi,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
  type StreamEventOf,
  type StreamName,
  type StreamParamsOf,
} from '../../../shared/contract';

type Handler<C extends RequestChannel> = (payload: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;

interface Sub {
  stream: StreamName;
  params: unknown;
  handler: (event: unknown) => void;
  onError?: (error: ContractError) => void;
}

export class FakeApi implements CrossbookApi {
  readonly host = 'web' as const;
  readonly calls: { channel: RequestChannel; payload: unknown }[] = [];
  private readonly handlers = new Map<RequestChannel, (payload: unknown) => unknown>();
  readonly subs: Sub[] = [];

  on<C extends RequestChannel>(channel: C, handler: Handler<C>): this {
    this.handlers.set(channel, handler as (payload: unknown) => unknown);
    return this;
  }

  invoke<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    this.calls.push({ channel, payload });
    const handler = this.handlers.get(channel);
    if (!handler)
      return Promise.reject(new ContractError('UNAVAILABLE', `${channel} is not answered in this test`));
    try {
      return Promise.resolve(handler(payload) as ResponseOf<C>);
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  subscribe<S extends StreamName>(
    stream: S,
    params: StreamParamsOf<S>,
    handler: (event: StreamEventOf<S>) => void,
    onError?: (error: ContractError) => void,
  ): () => void {
    const sub: Sub = { stream, params, handler: handler as (event: unknown) => void, onError };
    this.subs.push(sub);
    return () => {
      const i = this.subs.indexOf(sub);
      if (i >= 0) this.subs.splice(i, 1);
    };
  }

  push<S extends StreamName>(stream: S, event: StreamEventOf<S>): void {
    for (const s of this.subs.filter((x) => x.stream === stream)) s.handler(event);
  }

  fail(stream: StreamName, error: ContractError): void {
    for (const s of this.subs.filter((x) => x.stream === stream)) s.onError?.(error);
  }

  callsTo<C extends RequestChannel>(channel: C): RequestOf<C>[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.payload as RequestOf<C>);
  }

  subscribed(stream: StreamName): boolean {
    return this.subs.some((s) => s.stream === stream);
  }
}
