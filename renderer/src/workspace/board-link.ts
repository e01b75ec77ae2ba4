// A ladder popped out of a board goes back into it: the ladder window tells the board (a
// BroadcastChannel of this origin, as every window of one origin shares localStorage) which tile
// returns, with its settings, and closes. The board takes it unless it already has that tile or
// is full. Everything received is validated: another page of the origin could post anything.
import { z } from 'zod';
import { BoardTile, liveWindows } from './workspace-storage';

const CHANNEL = 'crossbook.boards';

const Returned = z.object({ kind: z.literal('return'), board: z.string().max(64), tile: BoardTile }).strict();

/** Sends the tile back to its board; answers why not when the board is not open. */
export function returnToBoard(board: string, tile: BoardTile): string | undefined {
  const open = liveWindows(window.localStorage).some((w) => w.id === board && w.kind === 'board');
  if (!open) return 'Its board is not open: open the board first, or keep this ladder as a window.';
  const checked = BoardTile.safeParse(tile);
  if (!checked.success) return 'This ladder cannot go back: its settings are not valid.';
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ kind: 'return', board, tile: checked.data });
  channel.close();
  return undefined;
}

/** Calls `take` for every tile sent back to this board; returns the stop. */
export function listenForReturns(board: string, take: (tile: BoardTile) => void): () => void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (e: MessageEvent) => {
    const parsed = Returned.safeParse(e.data);
    if (parsed.success && parsed.data.board === board) take(parsed.data.tile);
  };
  return () => channel.close();
}
