// Where a simulator's numeric id counters start. Venues never reuse a fill, deal, execution or
// order id, and clients (ours included) key their journals on them, so a simulator that starts
// again (`npm run sim` run twice, the demo thread restarted) must not count from 1 again.
// Starting at the start time in milliseconds × 1,000 keeps ids unique and increasing across
// starts while a run issues fewer than 1,000 ids per millisecond it has been running, and keeps
// them below 2^53 (about 1.8 × 10^15 in 2026) for venues that send them as JSON numbers.

const EPOCH_2020_MS = Date.UTC(2020, 0, 1);
const IDS_PER_MS = 1_000;

/** The first id of a counter started now (each counter adds its own 1, 2, 3…). */
export function idEpoch(nowMs: number = Date.now()): number {
  return Math.max(0, Math.floor(nowMs) - EPOCH_2020_MS) * IDS_PER_MS;
}
