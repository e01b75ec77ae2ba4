// Serves the renderer from app://crossbook/ instead of file://, giving pages a real origin to
// check IPC senders against, a CSP header on every response (errors too), and no access to the
// file system beyond the renderer folder: no symlinks followed, no source maps served.
import { protocol } from 'electron';
import { extname } from 'node:path';
import { BASE_SECURITY_HEADERS, MIME, readStatic } from '../base/static-files';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false },
    },
  ]);
}

const HEADERS = { ...BASE_SECURITY_HEADERS, 'content-security-policy': CONTENT_SECURITY_POLICY };

export async function rendererResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const text = (status: number, body: string) =>
    new Response(body, { status, headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return text(400, 'bad url');
  }
  if (url.host !== APP_HOST) return text(404, 'not found');
  const result = await readStatic(rendererDir, url.pathname);
  if (result.status !== 200) return text(result.status, result.status === 400 ? 'bad path' : 'not found');
  return new Response(new Uint8Array(result.body), {
    headers: { ...HEADERS, 'content-type': MIME[extname(result.file)] ?? 'application/octet-stream' },
  });
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(rendererDir, request.url));
}
