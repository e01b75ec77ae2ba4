import { describe, expect, it } from 'vitest';
import { boardGrid } from '../../../renderer/src/workspace/board-grid';

describe('boardGrid', () => {
  it('puts up to four ladders in one row, more in two', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(boardGrid)).toEqual([
      { columns: 1, rows: 1 },
      { columns: 2, rows: 1 },
      { columns: 3, rows: 1 },
      { columns: 4, rows: 1 },
      { columns: 3, rows: 2 },
      { columns: 3, rows: 2 },
      { columns: 4, rows: 2 },
      { columns: 4, rows: 2 },
    ]);
    expect(boardGrid(0)).toEqual({ columns: 1, rows: 1 });
  });
});
