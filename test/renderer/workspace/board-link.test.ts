// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listenForReturns, returnToBoard } from '../../../renderer/src/workspace/board-link';
import { registerWindow, type BoardTile } from '../../../renderer/src/workspace/workspace-storage';

const tile: BoardTile = { id: 'tileabc', instrument: 'finery:BTC-USD' };
const until = async (done: () => boolean) => {
  for (let i = 0; i < 50 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('board link', () => {
  const stops: (() => void)[] = [];
  beforeEach(() => localStorage.clear());
  afterEach(() => stops.splice(0).forEach((s) => s()));

  it('refuses to send a tile back to a board that is not open', () => {
    expect(returnToBoard('boardx', tile)).toMatch(/not open/);
  });

  it('hands the tile to its own board only, and ignores what is not a tile', async () => {
    registerWindow(localStorage, { id: 'boardx', kind: 'board', params: {} });
    const mine: BoardTile[] = [];
    const other: BoardTile[] = [];
    stops.push(listenForReturns('boardx', (t) => mine.push(t)));
    stops.push(listenForReturns('boardy', (t) => other.push(t)));
    const forged = new BroadcastChannel('crossbook.boards');
    forged.postMessage({ kind: 'return', board: 'boardx', tile: { id: 'x', instrument: 1 } });
    forged.close();
    expect(returnToBoard('boardx', tile)).toBeUndefined();
    await until(() => mine.length > 0);
    expect(mine).toEqual([tile]);
    expect(other).toEqual([]);
  });
});
