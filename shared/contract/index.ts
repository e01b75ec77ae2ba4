// The one typed contract between the core and every renderer, whichever host carries it:
// Electron's preload (IPC + MessagePorts) or the web host's WebSocket bridge.
import type { z } from 'zod';
import { ContractError, describeIssues } from './errors';
import { requestSchemas, type RequestChannel, type RequestOf, type ResponseOf } from './requests';
import { streamSchemas, type StreamEventOf, type StreamName, type StreamParamsOf } from './streams';

export * from './errors';
export * from './requests';
export * from './streams';
export * from './session';
export * from './market';
export * from './market-watch';
export * from './audit';
export * from './orders';
export * from './replay';

export interface CrossbookApi {
  readonly host: 'electron' | 'web';
  invoke<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Returns a function that ends the subscription. Errors arrive through onError, if given. */
  subscribe<S extends StreamName>(
    stream: S,
    params: StreamParamsOf<S>,
    handler: (event: StreamEventOf<S>) => void,
    onError?: (error: ContractError) => void,
  ): () => void;
}

const NAME = /^[a-z]+(\.[a-zA-Z]+)+$/;

function describeName(value: unknown): string {
  return typeof value === 'string' && NAME.test(value) ? value : '(invalid name)';
}

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, value);
}

export function isStreamName(value: unknown): value is StreamName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(streamSchemas, value);
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ContractError('BAD_REQUEST', `${what}: ${describeIssues(result.error)}`);
  return result.data;
}

/** Validates an untrusted request; throws ContractError with a clear message. */
export function parseRequest(
  channel: unknown,
  payload: unknown,
): { channel: RequestChannel; payload: unknown } {
  if (!isRequestChannel(channel)) {
    throw new ContractError('UNKNOWN_CHANNEL', `unknown request channel ${describeName(channel)}`);
  }
  return { channel, payload: parseWith(requestSchemas[channel].request, payload, `bad ${channel} request`) };
}

/** Checks a response against the contract, stripping anything undeclared. */
export function parseResponse<C extends RequestChannel>(channel: C, value: unknown): ResponseOf<C> {
  const result = requestSchemas[channel].response.safeParse(value);
  if (!result.success) {
    throw new ContractError(
      'INTERNAL',
      `core produced an invalid ${channel} response: ${describeIssues(result.error)}`,
    );
  }
  return result.data as ResponseOf<C>;
}

export function parseSubscription(stream: unknown, params: unknown): { stream: StreamName; params: unknown } {
  if (!isStreamName(stream)) {
    throw new ContractError('UNKNOWN_STREAM', `unknown stream ${describeName(stream)}`);
  }
  return { stream, params: parseWith(streamSchemas[stream].params, params, `bad ${stream} subscription`) };
}

export function parseStreamEvent<S extends StreamName>(stream: S, value: unknown): StreamEventOf<S> {
  const spec = streamSchemas[stream];
  if (spec.binary) {
    if (!(value instanceof ArrayBuffer))
      throw new ContractError('INTERNAL', `${stream} events must be binary`);
    return value as StreamEventOf<S>;
  }
  const result = spec.event.safeParse(value);
  if (!result.success) {
    throw new ContractError(
      'INTERNAL',
      `core produced an invalid ${stream} event: ${describeIssues(result.error)}`,
    );
  }
  return result.data as StreamEventOf<S>;
}
