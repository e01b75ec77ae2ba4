// Serves the built renderer from one folder. Requests are resolved strictly inside it, so no
// path (encoded dots, backslashes, absolute paths, symlinks) can read anything else on the
// machine. Source maps stay on disk for debugging but are never served.
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Headers every response carries, errors included: a 404 page is still a page. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const relative = normalize(decoded).replace(/^([/]|\.\.[/])+/, '');
  const full = resolve(root, relative);
  const base = resolve(root);
  return full === base || full.startsWith(base + sep) ? full : undefined;
}

export type StaticResult = { status: 200; file: string; body: Buffer } | { status: 400 | 404 };

/**
 * Reads the file a URL path names. Refuses source maps, and any path whose real location differs
 * from its literal one: a symlink anywhere below the root (or a swapped root) is a 404.
 */
export async function readStatic(root: string, urlPath: string): Promise<StaticResult> {
  const path = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!path) return { status: 400 };
  try {
    const info = await stat(path);
    const file = info.isDirectory() ? join(path, 'index.html') : path;
    if (extname(file) === '.map') return { status: 404 };
    const realRoot = await realpath(root);
    const literal = join(realRoot, file.slice(resolve(root).length));
    if ((await realpath(file)) !== literal) return { status: 404 };
    return { status: 200, file, body: await readFile(file) };
  } catch {
    return { status: 404 };
  }
}

export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  const result = await readStatic(root, urlPath);
  const common = { ...BASE_SECURITY_HEADERS, ...headers, 'cache-control': 'no-store' };
  if (result.status !== 200) {
    res
      .writeHead(result.status, { ...common, 'content-type': 'text/plain; charset=utf-8' })
      .end(result.status === 400 ? 'bad path' : 'not found');
    return;
  }
  res.writeHead(200, { ...common, 'content-type': MIME[extname(result.file)] ?? 'application/octet-stream' });
  res.end(result.body);
}
