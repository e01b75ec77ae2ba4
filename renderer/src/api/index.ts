// Finds the contract API for this window: the Electron preload's `window.crossbook`, or a web
// bridge opened with the token from the URL fragment (which the host printed).
import type { CrossbookApi } from '../../../shared/contract';
import { connectWebBridge } from './web-bridge';

declare global {
  interface Window {
    crossbook?: CrossbookApi;
  }
}

const TOKEN_KEY = 'crossbook.token';

export class NoHostError extends Error {}

export function resolveApi(win: Window = window): CrossbookApi {
  if (win.crossbook) return win.crossbook;
  const fromHash = new URLSearchParams(win.location.hash.slice(1)).get('token');
  if (fromHash) {
    win.sessionStorage.setItem(TOKEN_KEY, fromHash);
    // Keep the token out of the address bar, history and screenshots.
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  const token = fromHash ?? win.sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    throw new NoHostError(
      'This page was opened without its access token. Open the CROSSBOOK_URL line that `npm run start:web` printed.',
    );
  }
  return connectWebBridge(win.location, token);
}

/** URL fragment that lets a window opened from this one join the same web-host session. */
export function tokenFragment(win: Window = window): string {
  const token = win.sessionStorage.getItem(TOKEN_KEY);
  return token ? `#token=${encodeURIComponent(token)}` : '';
}
