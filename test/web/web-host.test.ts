// The web host against hostile input: odd request targets, raw malformed HTTP, upgrades that
// fail every check, and bridge frames of every shape. Whatever arrives, the host answers and
// keeps serving. Loopback only; every fuzz loop is bounded in runs and time.
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CrossbookCore } from '../../electron/base/crossbook-core';
import { addLogSink } from '../../electron/base/log';
import { parseRequestTarget, startWebHost, type RunningWebHost } from '../../electron/web/web-host';

let dir: string;
let host: RunningWebHost;
const stopLogs: Array<() => void> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crossbook-web-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Crossbook</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(renderer, 'assets', 'app.js.map'), '{"sources":[]}');
  writeFileSync(join(dir, 'secret.txt'), 'outside the root');
  symlinkSync(join(dir, 'secret.txt'), join(renderer, 'assets', 'link.txt'));
  symlinkSync(dir, join(renderer, 'up'));
  const core = new CrossbookCore();
  core.handle('app.echo', ({ text }) => ({ text, receivedAt: 'now' }));
  host = await startWebHost({ core, rendererDir: renderer, token: 'test-token-0123456789' });
  stopLogs.push(addLogSink(() => undefined));
});

afterAll(async () => {
  await host.close();
  for (const stop of stopLogs) stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends raw bytes and returns the status line of whatever came back ('' for a closed socket). */
function raw(request: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(host.port, '127.0.0.1');
    let data = '';
    const done = () => {
      socket.destroy();
      resolve(data.split('\r\n')[0] ?? '');
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.includes('\r\n')) {
        clearTimeout(timer);
        done();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.write(request, 'latin1');
  });
}

const get = (target: string, extra = '') =>
  raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n${extra}Connection: close\r\n\r\n`);

async function stillServing(): Promise<void> {
  const res = await fetch(`${host.origin}/`);
  expect(res.status).toBe(200);
}

describe('request targets', () => {
  it('reads origin-form only', () => {
    expect(parseRequestTarget('/a?b=1')?.pathname).toBe('/a');
    for (const bad of ['//', '///', '//x:99999/', '*', 'http://evil/', '', undefined, 'x'])
      expect(parseRequestTarget(bad)).toBeUndefined();
  });

  it('answers 400 to //, /// and //x:99999/ and keeps serving', async () => {
    for (const target of ['//', '///', '//x:99999/', '//[::1', '*']) {
      expect(await get(target)).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    await stillServing();
  });

  it('refuses the same targets on the upgrade path before any check can throw', async () => {
    for (const target of ['//', '//x:99999/bridge', '///bridge']) {
      const status = await get(
        target,
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n',
      );
      expect(status).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    await stillServing();
  });
});

describe('static files', () => {
  it('serves the page with its security headers', async () => {
    const res = await fetch(`${host.origin}/`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('sends the same headers on errors', async () => {
    const res = await fetch(`${host.origin}/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('never follows a symlink and never serves a source map', async () => {
    expect((await fetch(`${host.origin}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${host.origin}/assets/app.js.map`)).status).toBe(404);
    expect((await fetch(`${host.origin}/assets/link.txt`)).status).toBe(404);
    expect((await fetch(`${host.origin}/up/secret.txt`)).status).toBe(404);
  });
});

function openBridge(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${host.token}`, { origin: host.origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('bridge frames', () => {
  it('answers a request without payload with an error carrying its id', async () => {
    const ws = await openBridge();
    ws.send(JSON.stringify({ t: 'req', id: 7, channel: 'x'.repeat(65) }));
    expect(await nextMessage(ws)).toMatchObject({ t: 'err', id: 7, error: { code: 'BAD_REQUEST' } });
    ws.send(JSON.stringify({ t: 'req', id: 8, channel: 'app.echo', payload: { text: 'hi' } }));
    expect(await nextMessage(ws)).toMatchObject({ t: 'res', id: 8, ok: true });
    ws.close();
  });

  it('closes a connection that keeps sending refused messages', async () => {
    const ws = await openBridge();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    for (let i = 0; i < 150; i++) ws.send('not json');
    expect(await closed).toBe(1008);
    await stillServing();
  });
});

describe('fuzz: no client input ends the process', () => {
  const deadline = Date.now() + 60_000;
  const inTime = () => Date.now() < deadline;

  it('survives malformed HTTP request lines and headers', async () => {
    const line = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .tuple(
          fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS', 'G\0T', ''),
          fc.oneof(
            fc.string({ maxLength: 80 }),
            fc.constantFrom('//', '///', '//x:99999/', '/%', '/\u00ff', '/bridge'),
          ),
          fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/9', ''),
        )
        .map(([m, t, v]) => `${m} ${t} ${v}`),
    );
    const header = fc.oneof(
      fc.constant(`Host: 127.0.0.1:${host?.port ?? 0}`),
      fc.string({ maxLength: 60 }),
      fc.constantFrom(
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Content-Length: -1',
        'Transfer-Encoding: x',
      ),
    );
    await fc.assert(
      fc.asyncProperty(line, fc.array(header, { maxLength: 6 }), async (first, headers) => {
        if (!inTime()) return;
        await raw(`${first}\r\n${headers.join('\r\n')}\r\n\r\n`, 300);
      }),
      { numRuns: 150 },
    );
    await stillServing();
  }, 90_000);

  it('survives bridge frames of any shape', async () => {
    const frame = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc
        .record(
          {
            t: fc.constantFrom('req', 'sub', 'unsub', 'x'),
            id: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
            channel: fc.oneof(fc.constantFrom('app.echo', 'app.info'), fc.string({ maxLength: 80 })),
            stream: fc.string({ maxLength: 80 }),
            payload: fc.jsonValue({ maxDepth: 2 }),
          },
          { requiredKeys: [] },
        )
        .map((m) => JSON.stringify(m)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 20 }), async (frames) => {
        if (!inTime()) return;
        const ws = await openBridge();
        for (const f of frames) ws.send(f);
        ws.send(JSON.stringify({ t: 'req', id: 424242, channel: 'app.echo', payload: { text: 'alive' } }));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 2000);
          ws.on('message', (data) => {
            if (String(data).includes('424242')) {
              clearTimeout(timer);
              resolve();
            }
          });
          ws.on('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        ws.terminate();
      }),
      { numRuns: 60 },
    );
    await stillServing();
  }, 90_000);
});
