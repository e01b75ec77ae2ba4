// Simulator sends made in one event-loop turn leave in one socket write, and still arrive as the
// same separate WebSocket messages in the same order.
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { sendInTurn } from '../../../electron/venues/simkit/send';

describe('sendInTurn', () => {
  let server: WebSocketServer | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('holds a turn’s messages in one corked write and delivers each as its own frame', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => server!.once('listening', () => r()));
    const port = (server.address() as { port: number }).port;
    const serverSide = new Promise<WebSocket>((r) => server!.once('connection', r));
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    const received: string[] = [];
    const all = new Promise<void>((resolve) =>
      client.on('message', (m) => {
        received.push(m.toString());
        if (received.length === 50) resolve();
      }),
    );
    await new Promise((r) => client.once('open', r));
    const ws = await serverSide;
    const socket = (ws as unknown as { _socket: Socket })._socket;
    for (let i = 0; i < 50; i++) sendInTurn(ws, `{"n":${i}}`);
    expect(socket.writableCorked).toBe(1); // nothing has gone yet: one write at the end of the turn
    await new Promise((r) => process.nextTick(r));
    expect(socket.writableCorked).toBe(0);
    await all;
    expect(received).toEqual(Array.from({ length: 50 }, (_, i) => `{"n":${i}}`));
    client.close();
  });
});
