import { describe, expect, it } from 'vitest';
import { floorQuery } from './floor';
import { LADDER_VIEWPORT, planShapes, shapeWindowUrl, viewportFor } from './shapes';

describe('bench-ui shapes', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

  it('measures the same ladders as eight windows and as two boards of four', () => {
    const [windows, boards] = planShapes(ids);
    expect(windows).toEqual({ shape: 'windows', windows: ids.map((id) => [id]) });
    expect(boards).toEqual({ shape: 'boards', windows: [ids.slice(0, 4), ids.slice(4)] });
  });

  it('gives a board a ladder window’s size per tile of its grid', () => {
    expect(viewportFor(1)).toEqual(LADDER_VIEWPORT);
    expect(viewportFor(4)).toEqual({ width: 4 * LADDER_VIEWPORT.width, height: LADDER_VIEWPORT.height });
    expect(viewportFor(8)).toEqual({ width: 4 * LADDER_VIEWPORT.width, height: 2 * LADDER_VIEWPORT.height });
  });

  it('opens a ladder window or a board with its instruments, probe on', () => {
    const one = new URL(shapeWindowUrl('http://127.0.0.1:1', 't k', ['alor:SBER']));
    expect(Object.fromEntries(one.searchParams)).toEqual({
      window: 'ladder',
      instrument: 'alor:SBER',
      perf: '1',
    });
    expect(one.hash).toBe('#token=t%20k');
    const board = new URL(shapeWindowUrl('http://127.0.0.1:1', 't', ['BTC-USD', 'paxos:BTCUSD']));
    expect(Object.fromEntries(board.searchParams)).toEqual({
      window: 'board',
      instruments: 'BTC-USD,paxos:BTCUSD',
      perf: '1',
    });
  });

  it('hands the floor page each canvas’s size and cells and the paint rate', () => {
    const q = new URLSearchParams(
      floorQuery(
        {
          viewport: { width: 840, height: 820 },
          canvases: [
            { width: 418.6, height: 560, rows: 35, columns: 5 },
            { width: 420, height: 544, rows: 34, columns: 6 },
          ],
        },
        59.94,
      ),
    );
    expect(q.get('c')).toBe('419x560x35x5,420x544x34x6');
    expect(q.get('rate')).toBe('59.94');
  });
});
