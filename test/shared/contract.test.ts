import { describe, expect, it } from 'vitest';
import { ClientMessage } from '../../shared/contract/bridge-protocol';
import {
  ContractError,
  parseRequest,
  parseResponse,
  parseStreamEvent,
  parseSubscription,
} from '../../shared/contract';

function errorOf(fn: () => unknown): ContractError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContractError) return error;
    throw error;
  }
  throw new Error('expected a ContractError');
}

describe('contract validation', () => {
  it('accepts a well-formed request', () => {
    expect(parseRequest('app.echo', { text: 'hi' })).toEqual({
      channel: 'app.echo',
      payload: { text: 'hi' },
    });
  });

  it('refuses an unknown channel without echoing arbitrary input back', () => {
    const error = errorOf(() => parseRequest('orders.secret<script>', {}));
    expect(error.code).toBe('UNKNOWN_CHANNEL');
    expect(error.message).toBe('unknown request channel (invalid name)');
    expect(errorOf(() => parseRequest('constructor', {})).code).toBe('UNKNOWN_CHANNEL');
    expect(errorOf(() => parseRequest(42, {})).code).toBe('UNKNOWN_CHANNEL');
  });

  it('names the field and the problem in a malformed request', () => {
    const error = errorOf(() => parseRequest('app.echo', { text: 42 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^bad app\.echo request: text: /);
  });

  it('refuses extra fields, missing payloads and oversized strings', () => {
    expect(errorOf(() => parseRequest('app.echo', { text: 'a', extra: 1 })).message).toContain('extra');
    expect(errorOf(() => parseRequest('app.info', undefined)).code).toBe('BAD_REQUEST');
    expect(errorOf(() => parseRequest('app.echo', { text: 'x'.repeat(10_001) })).code).toBe('BAD_REQUEST');
  });

  it('checks window parameters strictly', () => {
    expect(parseRequest('window.open', { kind: 'ladder', params: { instrument: 'BTC-USD' } }).channel).toBe(
      'window.open',
    );
    expect(errorOf(() => parseRequest('window.open', { kind: 'devtools' })).code).toBe('BAD_REQUEST');
    expect(errorOf(() => parseRequest('window.open', { kind: 'ladder', params: { 'a b': 'x' } })).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('strips undeclared response fields so nothing extra can leave the core', () => {
    const response = parseResponse('app.echo', { text: 'x', receivedAt: 'now', secret: 'hunter22' });
    expect(response).toEqual({ text: 'x', receivedAt: 'now' });
    expect(errorOf(() => parseResponse('app.echo', { text: 1 })).code).toBe('INTERNAL');
  });

  it('validates subscriptions and events', () => {
    expect(parseSubscription('system.heartbeat', { intervalMs: 100 }).stream).toBe('system.heartbeat');
    expect(errorOf(() => parseSubscription('system.heartbeat', { intervalMs: 1 })).code).toBe('BAD_REQUEST');
    expect(errorOf(() => parseSubscription('nope.stream', {})).code).toBe('UNKNOWN_STREAM');
    expect(errorOf(() => parseStreamEvent('system.heartbeat', { seq: -1, at: 'x' })).code).toBe('INTERNAL');
  });

  it('validates bridge frames from a page', () => {
    expect(ClientMessage.safeParse({ t: 'req', id: 1, channel: 'app.info', payload: {} }).success).toBe(true);
    expect(ClientMessage.safeParse({ t: 'req', id: 0, channel: 'app.info', payload: {} }).success).toBe(
      false,
    );
    expect(ClientMessage.safeParse({ t: 'exec', id: 1 }).success).toBe(false);
    expect(ClientMessage.safeParse({ t: 'unsub', id: 1, extra: true }).success).toBe(false);
  });
});
