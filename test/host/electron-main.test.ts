// The Electron app's lifecycle with a stand-in `electron` module: sandboxing on before anything
// else, one instance only, permissions refused, every web contents locked down, IPC wired, and
// the first window opened with the secure preferences.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => {
  const calls: string[] = [];
  const appHandlers = new Map<string, (...args: unknown[]) => void>();
  let ready: () => void = () => {};
  const windows: { options: Record<string, unknown>; url?: string }[] = [];
  const permission = {
    request: undefined as undefined | ((...a: unknown[]) => void),
    check: undefined as undefined | (() => boolean),
    device: undefined as undefined | (() => boolean),
  };
  const menu = { current: undefined as unknown };
  const ipcHandles = new Set<string>();
  const state = { lock: true };
  const app = {
    enableSandbox: vi.fn(() => calls.push('enableSandbox')),
    requestSingleInstanceLock: vi.fn(() => {
      calls.push('lock');
      return state.lock;
    }),
    quit: vi.fn(() => calls.push('quit')),
    exit: vi.fn(),
    on: vi.fn((event: string, fn: (...args: unknown[]) => void) => appHandlers.set(event, fn)),
    whenReady: vi.fn(() => new Promise<void>((resolve) => (ready = resolve))),
    getPath: vi.fn((name: string) => `/tmp/crossbook-test-${name}`),
    getVersion: vi.fn(() => '0.0.0-test'),
    isPackaged: true,
  };
  class BrowserWindow {
    webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    constructor(public options: Record<string, unknown>) {
      windows.push({ options });
    }
    once() {}
    on() {}
    loadURL(url: string) {
      windows[windows.length - 1]!.url = url;
      return Promise.resolve();
    }
  }
  return {
    calls,
    appHandlers,
    windows,
    permission,
    menu,
    ipcHandles,
    state,
    app,
    BrowserWindow,
    resolveReady: () => ready(),
  };
});

vi.mock('electron', () => ({
  app: h.app,
  BrowserWindow: h.BrowserWindow,
  shell: { openExternal: vi.fn() },
  ipcMain: {
    handle: (channel: string) => h.ipcHandles.add(channel),
    on: (channel: string) => h.ipcHandles.add(channel),
    removeHandler: vi.fn(),
    removeAllListeners: vi.fn(),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: (...a: unknown[]) => void) => (h.permission.request = fn),
      setPermissionCheckHandler: (fn: () => boolean) => (h.permission.check = fn),
      setDevicePermissionHandler: (fn: () => boolean) => (h.permission.device = fn),
      on: vi.fn(),
    },
  },
  Menu: {
    buildFromTemplate: vi.fn((template: unknown[]) => template),
    setApplicationMenu: vi.fn((menu: unknown) => (h.menu.current = menu)),
  },
  dialog: { showMessageBox: vi.fn(async () => ({ response: 1 })), showErrorBox: vi.fn() },
  powerMonitor: { on: vi.fn((event: string) => h.calls.push(`power:${event}`)) },
  protocol: { registerSchemesAsPrivileged: vi.fn(() => h.calls.push('scheme')), handle: vi.fn() },
  MessageChannelMain: class {},
}));

vi.mock('../../electron/app/bootstrap', async () => {
  const { CrossbookCore } = await import('../../electron/base/crossbook-core');
  return { startCore: vi.fn(async () => ({ core: new CrossbookCore(), close: vi.fn(async () => {}) })) };
});

describe('Electron main process', () => {
  beforeEach(() => {
    vi.resetModules();
    h.calls.length = 0;
    h.windows.length = 0;
    h.ipcHandles.clear();
    h.appHandlers.clear();
  });
  afterEach(() => vi.unstubAllEnvs());

  it('sandboxes everything first, then takes the single-instance lock, and wires a secure first window', async () => {
    h.state.lock = true;
    // Keeps the host from adding a log file under the (fake) OS logs folder.
    vi.stubEnv('CROSSBOOK_LOG_FILE', '/dev/null');
    await import('../../electron/host/main');
    expect(h.calls.slice(0, 3)).toEqual(['enableSandbox', 'scheme', 'lock']);
    expect(h.appHandlers.has('web-contents-created')).toBe(true);
    expect(h.appHandlers.has('second-instance')).toBe(true);
    h.resolveReady();
    await vi.waitFor(() => expect(h.windows).toHaveLength(1));

    const deny = vi.fn();
    h.permission.request!({}, 'media', deny);
    expect(deny).toHaveBeenCalledWith(false);
    expect(h.permission.check!()).toBe(false);
    expect(h.permission.device!()).toBe(false);
    expect(h.appHandlers.has('session-created')).toBe(true);
    // Packaged: no reload, no developer tools anywhere in the menu.
    const roles = JSON.stringify(h.menu.current);
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('toggleDevTools');
    expect(h.calls).toEqual(expect.arrayContaining(['power:suspend', 'power:lock-screen']));
    expect([...h.ipcHandles].sort()).toEqual([
      'crossbook:invoke',
      'crossbook:subscribe',
      'crossbook:unsubscribe',
    ]);
    const first = h.windows[0]!;
    expect(first.url).toBe('app://crossbook/index.html?window=main');
    expect(first.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });

    // Any web contents created later is locked down as well.
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    h.appHandlers.get('web-contents-created')!({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.on).toHaveBeenCalledWith('will-navigate', expect.any(Function));
  });

  it('a second instance quits at once and opens nothing', async () => {
    h.state.lock = false;
    const readyCalls = h.app.whenReady.mock.calls.length;
    await import('../../electron/host/main');
    expect(h.calls).toContain('quit');
    expect(h.app.whenReady.mock.calls.length).toBe(readyCalls);
    expect(h.windows).toHaveLength(0);
    expect(h.appHandlers.has('web-contents-created')).toBe(false);
  });
});
