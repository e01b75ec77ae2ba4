// The Electron host cannot run here (no Electron binary), so these tests replace the `electron`
// module and hold every window, handler and the preload to the security rules.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  class FakeContents {
    id = 7;
    handlers = new Map<string, (...args: unknown[]) => void>();
    windowOpenHandler?: (details: { url: string }) => { action: string };
    mainFrame = { url: 'app://crossbook/index.html?window=main' };
    on(event: string, handler: (...args: unknown[]) => void) {
      this.handlers.set(event, handler);
      return this;
    }
    once(event: string, handler: (...args: unknown[]) => void) {
      return this.on(event, handler);
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
    postMessage = vi.fn();
  }
  const created: { options: Record<string, unknown>; url?: string; contents: FakeContents }[] = [];
  class BrowserWindow {
    webContents = new FakeContents();
    constructor(public options: Record<string, unknown>) {
      created.push({ options, contents: this.webContents });
    }
    once() {}
    on() {}
    show() {}
    loadURL(url: string) {
      created[created.length - 1]!.url = url;
      return Promise.resolve();
    }
  }
  const exposed: Record<string, unknown> = {};
  const ipcRendererListeners = new Map<string, (...args: unknown[]) => void>();
  return {
    created,
    exposed,
    FakeContents,
    BrowserWindow,
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    // The trader confirms the first question and declines the rest.
    dialog: { showMessageBox: vi.fn(async () => ({ response: 0 })) },
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => (exposed[key] = api)) },
    ipcRenderer: {
      invoke: vi.fn(() => Promise.resolve({ ok: true, result: { pong: true } })),
      send: vi.fn(),
      on: vi.fn((channel: string, listener: (...args: unknown[]) => void) =>
        ipcRendererListeners.set(channel, listener),
      ),
    },
    ipcRendererListeners,
    MessageChannelMain: class {
      port1 = { postMessage: vi.fn(), start: vi.fn(), close: vi.fn() };
      port2 = { id: 'port2' };
    },
  };
});

vi.mock('electron', () => ({
  BrowserWindow: electron.BrowserWindow,
  shell: electron.shell,
  contextBridge: electron.contextBridge,
  ipcRenderer: electron.ipcRenderer,
  MessageChannelMain: electron.MessageChannelMain,
  dialog: electron.dialog,
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));

import { IPC, IPC_CHANNELS } from '../../electron/host/ipc-channels';
import { isTrustedSender, registerIpc } from '../../electron/host/ipc';
import { CONTENT_SECURITY_POLICY, externalUrlAllowed, isOwnUrl } from '../../electron/host/security';
import { WindowFactory, lockDownContents, windowUrl } from '../../electron/host/windows';
import { CrossbookCore } from '../../electron/base/crossbook-core';
import { WINDOW_KINDS } from '../../shared/domain';

describe('Electron windows', () => {
  beforeEach(() => (electron.created.length = 0));

  it.each(WINDOW_KINDS)('a %s window is sandboxed, isolated and without Node', (kind) => {
    new WindowFactory('/app/preload.cjs').open(kind, kind === 'ladder' ? { instrument: 'BTC-USD' } : {});
    const { options, url } = electron.created[0]!;
    const prefs = options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(url).toBe(windowUrl(kind, kind === 'ladder' ? { instrument: 'BTC-USD' } : {}));
    expect(isOwnUrl(url!)).toBe(true);
  });

  it('puts a restored window back where the workspace had it', () => {
    new WindowFactory('/app/preload.cjs').open(
      'ladder',
      { instrument: 'SBER' },
      { x: 1930, y: 40, width: 420, height: 800 },
    );
    expect(electron.created[0]!.options).toMatchObject({ x: 1930, y: 40, width: 420, height: 800 });
  });

  it('blocks navigation away from our origin and every page-initiated window', async () => {
    const contents = new electron.FakeContents();
    lockDownContents(contents as never);
    const navigate = contents.handlers.get('will-navigate')!;
    const foreign = { preventDefault: vi.fn() };
    navigate(foreign, 'https://evil.example/');
    expect(foreign.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn() };
    navigate(own, 'app://crossbook/index.html?window=ladder');
    expect(own.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.handlers.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    expect(contents.windowOpenHandler!({ url: 'app://crossbook/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(contents.windowOpenHandler!({ url: 'https://docs.paxos.com/' })).toEqual({ action: 'deny' });
    await vi.waitFor(() =>
      expect(electron.shell.openExternal).toHaveBeenCalledWith('https://docs.paxos.com/'),
    );
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    // Declined: asked, not opened. Not on the allow-list: not even asked.
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    contents.windowOpenHandler!({ url: 'https://finerymarkets.com/docs' });
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(2));
    contents.windowOpenHandler!({ url: 'https://evil.example/' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(2);
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('filters URLs', () => {
    expect(isOwnUrl('app://crossbook/x')).toBe(true);
    expect(isOwnUrl('app://other/x')).toBe(false);
    expect(isOwnUrl('file:///etc/passwd')).toBe(false);
    expect(externalUrlAllowed('http://example.com')).toBe(false);
    expect(externalUrlAllowed('https://user:pw@example.com')).toBe(false);
    expect(externalUrlAllowed('file:///x')).toBe(false);
    expect(externalUrlAllowed('https://example.com')).toBe(false);
    expect(externalUrlAllowed('https://paxos.com.evil.example/')).toBe(false);
    expect(externalUrlAllowed('https://docs.paxos.com:8443/')).toBe(false);
    expect(externalUrlAllowed('https://docs.paxos.com/api')).toBe(true);
  });

  it('serves a strict CSP', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });
});

describe('IPC handlers', () => {
  function fakeIpcMain() {
    const handles = new Map<string, (...args: unknown[]) => unknown>();
    const listeners = new Map<string, (...args: unknown[]) => void>();
    return {
      handles,
      listeners,
      handle: (channel: string, fn: (...args: unknown[]) => unknown) => handles.set(channel, fn),
      on: (channel: string, fn: (...args: unknown[]) => void) => listeners.set(channel, fn),
      removeHandler: vi.fn(),
      removeAllListeners: vi.fn(),
    };
  }
  function eventFrom(url: string, sameAsMain = true) {
    const sender = new electron.FakeContents();
    const senderFrame = sameAsMain ? sender.mainFrame : { url };
    sender.mainFrame.url = url;
    return { sender, senderFrame };
  }

  it('checks senderFrame: only our own main frames are trusted', () => {
    expect(isTrustedSender(eventFrom('app://crossbook/index.html') as never)).toBe(true);
    expect(isTrustedSender(eventFrom('https://evil.example/') as never)).toBe(false);
    expect(isTrustedSender(eventFrom('app://crossbook/index.html', false) as never)).toBe(false);
    expect(isTrustedSender({ sender: new electron.FakeContents(), senderFrame: null } as never)).toBe(false);
  });

  it('refuses invokes from untrusted frames and validates trusted ones in the core', async () => {
    const ipcMain = fakeIpcMain();
    const core = new CrossbookCore();
    core.handle('app.echo', ({ text }) => ({ text, receivedAt: 'now' }));
    registerIpc(ipcMain as never, core);
    const invoke = ipcMain.handles.get(IPC.invoke)!;
    expect(await invoke(eventFrom('https://evil.example/'), 'app.echo', { text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(await invoke(eventFrom('app://crossbook/index.html'), 'app.echo', { text: 'x' })).toMatchObject({
      ok: true,
    });
    expect(await invoke(eventFrom('app://crossbook/index.html'), 'app.echo', { text: 1 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('hands each subscription its own MessagePort', () => {
    const ipcMain = fakeIpcMain();
    const core = new CrossbookCore();
    core.provide('system.heartbeat', (_p, emit) => {
      emit({ seq: 0, at: 'now' });
      return () => {};
    });
    registerIpc(ipcMain as never, core);
    const event = eventFrom('app://crossbook/index.html');
    ipcMain.listeners.get(IPC.subscribe)!(event, { id: 1, stream: 'system.heartbeat', params: {} });
    expect(event.sender.postMessage).toHaveBeenCalledWith(IPC.port, { id: 1 }, [{ id: 'port2' }]);
    const untrusted = eventFrom('https://evil.example/');
    ipcMain.listeners.get(IPC.subscribe)!(untrusted, { id: 1, stream: 'system.heartbeat', params: {} });
    expect(untrusted.sender.postMessage).not.toHaveBeenCalled();
  });
});

describe('preload', () => {
  it('exposes exactly one API object, over allow-listed channels only', async () => {
    await import('../../electron/host/preload');
    expect(Object.keys(electron.exposed)).toEqual(['crossbook']);
    const api = electron.exposed.crossbook as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['host', 'invoke', 'subscribe']);
    expect(api.host).toBe('electron');
    await (api.invoke as (c: string, p: unknown) => Promise<unknown>)('app.info', {});
    const stop = (api.subscribe as (s: string, p: unknown, h: () => void) => () => void)(
      'system.heartbeat',
      {},
      () => {},
    );
    stop();
    const used = [
      ...electron.ipcRenderer.invoke.mock.calls.map((c) => (c as unknown[])[0]),
      ...electron.ipcRenderer.send.mock.calls.map((c) => (c as unknown[])[0]),
      ...electron.ipcRenderer.on.mock.calls.map((c) => (c as unknown[])[0]),
    ];
    expect(used.length).toBeGreaterThan(0);
    for (const channel of used) expect(IPC_CHANNELS).toContain(channel);
    // Nothing from ipcRenderer itself leaks through the bridge.
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
  });

  it('turns a refused invoke into an Error carrying the code', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'bad' },
    } as never);
    const api = electron.exposed.crossbook as { invoke: (c: string, p: unknown) => Promise<unknown> };
    await expect(api.invoke('app.echo', {})).rejects.toMatchObject({ message: 'bad', code: 'BAD_REQUEST' });
  });
});
