// A recording stand-in for Electron's main-process API, for the boot test of the real bundle.
// It reports what the app does over the fork IPC channel (process.send) and takes commands
// from the test: run the preload against a window, invoke through it, a second instance, quit.
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const report = (event, data = {}) => process.send?.({ event, ...data });
const dataDir = process.env.FAKE_ELECTRON_DIR;

class AppEmitter extends EventEmitter {
  isPackaged = true;
  enableSandbox() {
    report('enableSandbox');
  }
  requestSingleInstanceLock() {
    report('singleInstanceLock');
    return true;
  }
  whenReady() {
    return new Promise((resolve) => setTimeout(() => (report('ready'), resolve()), 10));
  }
  getPath(name) {
    return join(dataDir, name);
  }
  getVersion() {
    return '0.0.0-boot';
  }
  quit() {
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    this.emit('will-quit', event);
    if (!event.prevented) {
      report('quit');
      setTimeout(() => process.exit(0), 20);
    }
  }
  exit(code) {
    report('exit', { code });
    setTimeout(() => process.exit(code), 20);
  }
}
export const app = new AppEmitter();

const schemeHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => report('schemes', { schemes: schemes.map((s) => s.scheme) }),
  handle: (scheme, handler) => {
    schemeHandlers.set(scheme, handler);
    report('protocolHandled', { scheme });
  },
};

class FakeSession extends EventEmitter {
  setPermissionRequestHandler() {}
  setPermissionCheckHandler() {}
  setDevicePermissionHandler() {}
}
export const session = { defaultSession: new FakeSession() };

export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu: (menu) => report('menu', { roles: JSON.stringify(menu).match(/"role":"\w+"/g) ?? [] }),
};
export const dialog = {
  showMessageBox: async () => ({ response: 1 }),
  showErrorBox: (title, message) => report('errorBox', { message }),
};
export const shell = { openExternal: async () => undefined };
export const powerMonitor = new EventEmitter();

const invokeHandlers = new Map();
const onHandlers = new Map();
export const ipcMain = {
  handle: (channel, fn) => invokeHandlers.set(channel, fn),
  on: (channel, fn) => onHandlers.set(channel, fn),
  removeHandler: (channel) => invokeHandlers.delete(channel),
  removeAllListeners: (channel) => onHandlers.delete(channel),
};

export class MessageChannelMain {
  constructor() {
    const a = new EventEmitter();
    const b = new EventEmitter();
    a.postMessage = (data) => b.onmessage?.({ data });
    a.start = () => undefined;
    a.close = () => undefined;
    b.start = () => undefined;
    b.close = () => undefined;
    this.port1 = a;
    this.port2 = b;
  }
}

let nextContentsId = 1;
const windows = [];
export class BrowserWindow extends EventEmitter {
  static fromWebContents(contents) {
    return windows.find((w) => w.webContents === contents);
  }
  constructor(options) {
    super();
    this.options = options;
    this.webContents = Object.assign(new EventEmitter(), {
      id: nextContentsId++,
      mainFrame: { url: '' },
      setWindowOpenHandler: () => undefined,
      postMessage: (channel, message, ports) => this.rendererListeners.get(channel)?.({ ports }, message),
    });
    this.rendererListeners = new Map();
    windows.push(this);
    report('window', {
      index: windows.length - 1,
      preload: options.webPreferences?.preload,
      sandbox: options.webPreferences?.sandbox,
    });
  }
  async loadURL(url) {
    this.webContents.mainFrame.url = url;
    this.webContents.mainFrame.frame = this.webContents.mainFrame;
    const response = await schemeHandlers.get(new URL(url).protocol.slice(0, -1))?.({ url });
    const body = response ? await response.text() : '';
    report('loaded', {
      index: windows.indexOf(this),
      url,
      status: response?.status,
      csp: response?.headers.get('content-security-policy') ?? null,
      isPage: /<script[^>]+src=/.test(body),
    });
    this.emit('ready-to-show');
  }
  show() {}
  focus() {
    report('focus', { index: windows.indexOf(this) });
  }
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return false;
  }
  destroy() {}
  getBounds() {
    return { x: 0, y: 0, width: 800, height: 600 };
  }
}

/** Runs the built preload for a window, wired to this process's ipcMain as Electron would. */
function runPreload(win) {
  const exposed = {};
  const event = () => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame });
  const electron = {
    contextBridge: { exposeInMainWorld: (key, api) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: (channel, ...args) => invokeHandlers.get(channel)(event(), ...args),
      send: (channel, ...args) => onHandlers.get(channel)?.(event(), ...args),
      on: (channel, listener) => win.rendererListeners.set(channel, listener),
    },
  };
  const require = createRequire(win.options.webPreferences.preload);
  const module = { exports: {} };
  const source = require('node:fs').readFileSync(win.options.webPreferences.preload, 'utf8');
  new Function('require', 'module', 'exports', source)(
    (id) => (id === 'electron' ? electron : require(id)),
    module,
    module.exports,
  );
  return exposed.crossbook;
}

process.on('message', async (command) => {
  try {
    if (command.cmd === 'invoke') {
      const api = runPreload(windows[command.window ?? 0]);
      const result = await api.invoke(command.channel, command.payload);
      report('invoked', { host: api.host, result });
    } else if (command.cmd === 'second-instance') {
      app.emit('second-instance', {}, ['crossbook'], process.cwd());
    } else if (command.cmd === 'quit') {
      app.quit();
    }
  } catch (error) {
    report('commandFailed', { message: String(error?.message ?? error) });
  }
});
