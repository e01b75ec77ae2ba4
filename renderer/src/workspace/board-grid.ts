// How a board tiles its ladders: one row of up to four, then two rows (eight at most), so a
// ladder keeps a usable width on a common screen.
export function boardGrid(tiles: number): { columns: number; rows: number } {
  const n = Math.max(1, tiles);
  const rows = n > 4 ? 2 : 1;
  return { columns: Math.ceil(n / rows), rows };
}
