// Sends for the simulators' WebSocket sessions. Every message a simulator sends in one event-loop
// turn (a generator tick emits many) leaves in one socket write instead of one write each: at
// 100,000 level updates a second the per-message writes were most of the simulator thread's time.
// Each message is still its own WebSocket frame, so what a client reads is unchanged; only how
// the bytes are cut into TCP segments differs, which no client may depend on.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

const corked = new WeakSet<Socket>();

export function sendInTurn(ws: WebSocket, data: string): void {
  // ws keeps its socket on a field it does not document; without it, sends are simply not batched.
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (socket && !corked.has(socket) && typeof socket.cork === 'function') {
    corked.add(socket);
    socket.cork();
    process.nextTick(() => {
      corked.delete(socket);
      socket.uncork();
    });
  }
  ws.send(data);
}
