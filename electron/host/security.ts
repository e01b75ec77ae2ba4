// Every window's security settings in one place, so a test can hold each of them to account
// (Element Desktop's model: sandbox everywhere, our own origin only, URLs filtered).
import type { WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'crossbook';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

/** True only for pages of our own app:// origin. */
export function isOwnUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Sites a page may send the trader to: the venues' own sites and documentation. Anything else a
 * page asks to open (a link in a venue's error text, an injected URL) stays closed.
 */
export const EXTERNAL_HOSTS: readonly string[] = [
  'paxos.com',
  'finerymarkets.com',
  'alor.ru',
  'alor.dev',
  'alorbroker.ru',
];

function hostAllowed(hostname: string): boolean {
  return EXTERNAL_HOSTS.some((allowed) => hostname === allowed || hostname.endsWith(`.${allowed}`));
}

/** Links a trader may open in the OS browser: https only, no credentials, allow-listed hosts. */
export function externalUrlAllowed(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.username === '' &&
      parsed.password === '' &&
      (parsed.port === '' || parsed.port === '443') &&
      hostAllowed(parsed.hostname)
    );
  } catch {
    return false;
  }
}
