// Creates Crossbook's windows. Every window, whatever its kind, gets the same locked-down
// preferences and loads a page of our own origin; nothing else can open a window. A window
// whose renderer dies is reopened in its place, and the trader is told.
import { BrowserWindow, dialog, shell, type WebContents } from 'electron';
import { WindowKind, type WindowBounds } from '../../shared/domain';
import { createLogger } from '../base/log';
import { APP_ORIGIN, externalUrlAllowed, isOwnUrl, secureWebPreferences } from './security';

const log = createLogger('electron-windows');

const SIZES: Record<WindowKind, { width: number; height: number }> = {
  main: { width: 1280, height: 800 },
  ladder: { width: 420, height: 820 },
  // Four ladders side by side at a single ladder's width each.
  board: { width: 1600, height: 860 },
  ticket: { width: 420, height: 560 },
  login: { width: 520, height: 560 },
  settings: { width: 720, height: 620 },
};
const MAX_PARAMS = 16;
const MAX_PARAM_CHARS = 200;
/** A window that dies again this soon after being reopened stays closed: no crash loop. */
const REOPEN_GRACE_MS = 10_000;

export function windowUrl(kind: WindowKind, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ window: kind, ...params });
  return `${APP_ORIGIN}/index.html?${query.toString()}`;
}

/** The kind and query of a window, checked again here: the main process trusts no caller. */
export function checkWindowRequest(
  kind: unknown,
  params: unknown,
): { kind: WindowKind; params: Record<string, string> } {
  const parsedKind = WindowKind.safeParse(kind);
  if (!parsedKind.success) throw new Error(`unknown window kind: ${String(kind).slice(0, 40)}`);
  const entries = Object.entries((params ?? {}) as Record<string, unknown>);
  if (entries.length > MAX_PARAMS) throw new Error('too many window parameters');
  for (const [key, value] of entries) {
    if (typeof value !== 'string' || key.length > 40 || value.length > MAX_PARAM_CHARS || key === 'window')
      throw new Error(`bad window parameter: ${key.slice(0, 40)}`);
  }
  return { kind: parsedKind.data, params: Object.fromEntries(entries) as Record<string, string> };
}

/** Asks before a page's link leaves the app; only allow-listed https hosts are even offered. */
async function openExternalAfterConfirm(contents: WebContents, url: string): Promise<void> {
  const parent = BrowserWindow.fromWebContents?.(contents) ?? undefined;
  const options = {
    type: 'question' as const,
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: `Open ${new URL(url).hostname} in your browser?`,
    detail: url.slice(0, 500),
  };
  const { response } = parent
    ? await dialog.showMessageBox(parent, options)
    : await dialog.showMessageBox(options);
  if (response === 0) await shell.openExternal(url);
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
    if (externalUrlAllowed(url))
      openExternalAfterConfirm(contents, url).catch((error: unknown) =>
        log.warn('could not open an external link', { error }),
      );
    else log.warn('blocked window.open', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
}

export interface WindowFactoryOptions {
  /** Called when a window's renderer died and the window was reopened (or left closed). */
  onRendererGone?: (message: string) => void;
  now?: () => number;
}

export class WindowFactory {
  private readonly windows = new Set<BrowserWindow>();

  constructor(
    private readonly preloadPath: string,
    private readonly options: WindowFactoryOptions = {},
  ) {}

  open(
    kind: WindowKind,
    params: Record<string, string> = {},
    bounds?: WindowBounds,
    reopenedAt?: number,
  ): BrowserWindow {
    const checked = checkWindowRequest(kind, params);
    const win = new BrowserWindow({
      ...SIZES[checked.kind],
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
    win.webContents.on('render-process-gone', (_event, details: { reason: string; exitCode?: number }) =>
      this.rendererGone(win, checked.kind, checked.params, details, reopenedAt),
    );
    this.windows.add(win);
    void win.loadURL(windowUrl(checked.kind, checked.params));
    return win;
  }

  all(): BrowserWindow[] {
    return [...this.windows];
  }

  private rendererGone(
    win: BrowserWindow,
    kind: WindowKind,
    params: Record<string, string>,
    details: { reason: string; exitCode?: number },
    reopenedAt: number | undefined,
  ): void {
    if (details.reason === 'clean-exit') return;
    const now = (this.options.now ?? Date.now)();
    log.error('a window renderer stopped', { kind, reason: details.reason, exitCode: details.exitCode });
    const bounds = win.isDestroyed?.() ? undefined : win.getBounds?.();
    this.windows.delete(win);
    if (!win.isDestroyed?.()) win.destroy?.();
    if (reopenedAt !== undefined && now - reopenedAt < REOPEN_GRACE_MS) {
      this.options.onRendererGone?.(
        `The ${kind} window stopped again (${details.reason}) right after it was reopened and stays closed.`,
      );
      return;
    }
    this.open(kind, params, bounds, now);
    this.options.onRendererGone?.(`The ${kind} window stopped (${details.reason}) and was reopened.`);
  }
}
