// Opens one WebSocket with a handshake timeout and a transport keepalive: ALOR's SDK pings every
// 5 s (alor.md §6); a connection that stops answering pings is cut so the reconnect logic runs
// instead of waiting on a half-open TCP connection. The same pings time the round trip (rtt.ts).
import WebSocket from 'ws';
import { PingClock } from '../../common/rtt';

export function openSocket(
  url: string,
  timeoutMs: number,
  pingIntervalMs: number,
  onRoundTrip?: (ms: number) => void,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: timeoutMs, maxPayload: 64 * 1024 * 1024 });
    const fail = (err: Error) => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(err);
    };
    ws.once('open', () => {
      ws.removeAllListeners('unexpected-response');
      keepAlive(ws, pingIntervalMs, onRoundTrip);
      resolve(ws);
    });
    ws.once('error', (err) => fail(new Error(`cannot connect to ${new URL(url).pathname}: ${err.message}`)));
    ws.once('unexpected-response', (_req, res) =>
      fail(new Error(`${new URL(url).pathname} refused the connection (HTTP ${res.statusCode})`)),
    );
  });
}

function keepAlive(ws: WebSocket, intervalMs: number, onRoundTrip?: (ms: number) => void): void {
  let answered = true;
  ws.on('pong', () => (answered = true));
  const clock = new PingClock(ws, (ms) => onRoundTrip?.(ms));
  const timer = setInterval(() => {
    if (!answered) return ws.terminate();
    answered = false;
    clock.ping();
  }, intervalMs);
  timer.unref?.();
  ws.once('close', () => clearInterval(timer));
  // Errors surface as 'close' right after; without a listener they would be thrown.
  ws.on('error', () => undefined);
}
