// The main process's hardening that needs no window system: menu, fault handlers, power events,
// window-kind checks and the reopening of a window whose renderer died.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const created: Array<{
    kind?: string;
    url?: string;
    contents: { emit: (e: string, ...a: unknown[]) => void };
  }> = [];
  return { created };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class BrowserWindow {
    webContents = Object.assign(new Emitter(), { setWindowOpenHandler: vi.fn() });
    destroyed = false;
    constructor(public options: Record<string, unknown>) {
      electron.created.push({ contents: this.webContents });
    }
    once() {}
    on() {}
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
    getBounds() {
      return { x: 1, y: 2, width: 300, height: 400 };
    }
    loadURL(url: string) {
      electron.created[electron.created.length - 1]!.url = url;
      return Promise.resolve();
    }
  }
  return { BrowserWindow, shell: { openExternal: vi.fn() }, dialog: { showMessageBox: vi.fn() } };
});

import { installFaultHandlers } from '../../electron/host/faults';
import { menuTemplate } from '../../electron/host/menu';
import { disarmOnSuspendAndLock } from '../../electron/host/power';
import { WindowFactory, checkWindowRequest } from '../../electron/host/windows';

describe('application menu', () => {
  it('has no reload or developer tools when packaged, and keeps them in development', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const packaged = JSON.stringify(menuTemplate(true, platform));
      expect(packaged).not.toMatch(/reload|toggleDevTools|forceReload/i);
      expect(JSON.stringify(menuTemplate(false, platform))).toContain('toggleDevTools');
    }
  });
});

describe('window requests', () => {
  it('accepts known kinds with short string parameters only', () => {
    expect(checkWindowRequest('ladder', { instrument: 'BTC-USD' })).toEqual({
      kind: 'ladder',
      params: { instrument: 'BTC-USD' },
    });
    expect(() => checkWindowRequest('devtools', {})).toThrow(/unknown window kind/);
    expect(() => checkWindowRequest('ladder', { instrument: 5 })).toThrow(/bad window parameter/);
    expect(() => checkWindowRequest('ladder', { window: 'main' })).toThrow(/bad window parameter/);
    expect(() => checkWindowRequest('ladder', { x: 'y'.repeat(201) })).toThrow(/bad window parameter/);
    expect(() => new WindowFactory('/p.cjs').open('nope' as never)).toThrow(/unknown window kind/);
  });

  it('reopens a window whose renderer died, says so, and stops after a second quick crash', () => {
    electron.created.length = 0;
    const told: string[] = [];
    let now = 1000;
    const factory = new WindowFactory('/p.cjs', { onRendererGone: (m) => told.push(m), now: () => now });
    factory.open('ladder', { instrument: 'BTC-USD' });
    electron.created[0]!.contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(electron.created).toHaveLength(2);
    expect(electron.created[1]!.url).toBe('app://crossbook/index.html?window=ladder&instrument=BTC-USD');
    expect(told).toEqual(['The ladder window stopped (crashed) and was reopened.']);
    expect(factory.all()).toHaveLength(1);
    now += 500;
    electron.created[1]!.contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    expect(electron.created).toHaveLength(2);
    expect(told[1]).toMatch(/stopped again .* stays closed/);
    electron.created.length = 0;
  });
});

describe('fault handlers', () => {
  it('logs, closes the core in order, tells the trader and exits on an uncaught exception', async () => {
    const proc = new EventEmitter();
    const app = new EventEmitter();
    const order: string[] = [];
    const hooks = {
      closeCore: vi.fn(async () => void order.push('close')),
      tell: vi.fn((_m: string, fatal: boolean) => void order.push(fatal ? 'tell-fatal' : 'tell')),
      exit: vi.fn((code: number) => void order.push(`exit ${code}`)),
    };
    installFaultHandlers(proc as never, app as never, hooks);
    proc.emit('unhandledRejection', new Error('stray'));
    proc.emit('unhandledRejection', new Error('stray again'));
    expect(order).toEqual(['tell']);
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 1 });
    app.emit('render-process-gone', {}, {}, { reason: 'crashed', exitCode: 1 });
    proc.emit('uncaughtException', new Error('boom'));
    proc.emit('uncaughtException', new Error('boom again'));
    await vi.waitFor(() => expect(order).toEqual(['tell', 'close', 'tell-fatal', 'exit 1']));
    expect(hooks.closeCore).toHaveBeenCalledTimes(1);
  });
});

describe('power events', () => {
  it('disarm one-click trading on suspend and lock, and say why on resume', () => {
    const power = new EventEmitter();
    let armed = true;
    const said: string[] = [];
    const desk = {
      disarm: vi.fn((reason: string) => {
        if (!armed) return false;
        armed = false;
        said.push(reason);
        return true;
      }),
      alert: vi.fn((message: string) => (said.push(message), true)),
    };
    disarmOnSuspendAndLock(power as never, () => desk);
    power.emit('lock-screen');
    expect(armed).toBe(false);
    expect(said[0]).toMatch(/disarmed because the screen was locked/);
    power.emit('unlock-screen');
    expect(said[1]).toMatch(/^Welcome back: .*screen was locked/);
    power.emit('resume'); // nothing more to say: it was said once
    expect(said).toHaveLength(2);
    armed = true;
    power.emit('suspend');
    power.emit('resume');
    expect(said.slice(2).join(' ')).toMatch(/went to sleep.*went to sleep/);
  });
});
