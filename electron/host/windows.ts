// Creates Crossbook's windows. Every window, whatever its kind, gets the same locked-down
// preferences and loads a page of our own origin; nothing else can open a window.
import { BrowserWindow, shell, type WebContents } from 'electron';
import type { WindowBounds, WindowKind } from '../../shared/domain';
import { createLogger } from '../base/log';
import { APP_ORIGIN, externalUrlAllowed, isOwnUrl, secureWebPreferences } from './security';

const log = createLogger('electron-windows');

const SIZES: Record<WindowKind, { width: number; height: number }> = {
  main: { width: 1280, height: 800 },
  ladder: { width: 420, height: 820 },
  ticket: { width: 420, height: 560 },
  login: { width: 520, height: 560 },
  settings: { width: 720, height: 620 },
};

export function windowUrl(kind: WindowKind, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ window: kind, ...params });
  return `${APP_ORIGIN}/index.html?${query.toString()}`;
}

/** Navigation, new windows and webviews are refused for every web contents we create. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) {
      log.warn('blocked navigation', { url: url.slice(0, 200) });
      event.preventDefault();
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Our own windows are opened by the main process (window.open request), never by a page.
    if (externalUrlAllowed(url)) void shell.openExternal(url);
    else log.warn('blocked window.open', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
}

export class WindowFactory {
  private readonly windows = new Set<BrowserWindow>();

  constructor(private readonly preloadPath: string) {}

  open(kind: WindowKind, params: Record<string, string> = {}, bounds?: WindowBounds): BrowserWindow {
    const win = new BrowserWindow({
      ...SIZES[kind],
      // A restored workspace puts each window back where it was; the OS keeps it on a screen.
      ...(bounds ? { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height } : {}),
      title: 'Crossbook',
      backgroundColor: '#0f1216',
      show: false,
      webPreferences: secureWebPreferences(this.preloadPath),
    });
    lockDownContents(win.webContents);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => this.windows.delete(win));
    this.windows.add(win);
    void win.loadURL(windowUrl(kind, params));
    return win;
  }

  all(): BrowserWindow[] {
    return [...this.windows];
  }
}
