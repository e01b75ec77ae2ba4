import { describe, expect, it, vi } from 'vitest';
import { ContractError } from '../../shared/contract';
import { CrossbookCore } from '../../electron/base/crossbook-core';

const caller = { host: 'web' as const, client: 'test' };

describe('CrossbookCore', () => {
  it('routes a valid request to its handler and validates the response', async () => {
    const core = new CrossbookCore();
    core.handle('app.echo', ({ text }) => ({ text: text.toUpperCase(), receivedAt: 'now' }));
    expect(await core.invoke('app.echo', { text: 'hi' }, caller)).toEqual({
      ok: true,
      result: { text: 'HI', receivedAt: 'now' },
    });
  });

  it('never calls a handler with a malformed request', async () => {
    const core = new CrossbookCore();
    const handler = vi.fn();
    core.handle('app.echo', handler);
    const result = await core.invoke('app.echo', { text: null }, caller);
    expect(result.ok).toBe(false);
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes a ContractError through and hides other failures behind a plain message', async () => {
    const core = new CrossbookCore();
    core.handle('app.echo', () => {
      throw new ContractError('REJECTED', 'price outside the band');
    });
    core.handle('app.info', () => {
      throw new Error('internal detail with token abc123456');
    });
    expect(await core.invoke('app.echo', { text: 'x' }, caller)).toEqual({
      ok: false,
      error: { code: 'REJECTED', message: 'price outside the band' },
    });
    const hidden = await core.invoke('app.info', {}, caller);
    expect(hidden).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.not.stringContaining('abc123') },
    });
  });

  it('answers UNAVAILABLE for a declared channel nobody serves', async () => {
    const core = new CrossbookCore();
    expect(await core.invoke('venues.status', {}, caller)).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
  });

  it('streams only valid events and ends the stream on an invalid one', () => {
    const core = new CrossbookCore();
    let emit: ((event: never) => void) | undefined;
    const stopped = vi.fn();
    core.provide('system.heartbeat', (_params, e) => {
      emit = e as never;
      return stopped;
    });
    const events: unknown[] = [];
    const ended = vi.fn();
    const result = core.subscribe('system.heartbeat', {}, (e) => events.push(e), ended, caller);
    expect(result.ok).toBe(true);
    emit!({ seq: 1, at: 'now' } as never);
    emit!({ seq: 'bad' } as never);
    emit!({ seq: 2, at: 'now' } as never);
    expect(events).toEqual([{ seq: 1, at: 'now' }]);
    expect(ended).toHaveBeenCalledWith(expect.objectContaining({ code: 'INTERNAL' }));
    expect(stopped).toHaveBeenCalledOnce();
  });

  it('refuses malformed subscriptions', () => {
    const core = new CrossbookCore();
    const result = core.subscribe('system.heartbeat', { intervalMs: 'fast' }, vi.fn(), vi.fn(), caller);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('runs cleanups in reverse order on close', async () => {
    const core = new CrossbookCore();
    const order: number[] = [];
    core.onClose(() => void order.push(1));
    core.onClose(() => void order.push(2));
    await core.close();
    expect(order).toEqual([2, 1]);
  });
});
