// Nanosecond wall-clock time as bigint. Date.now() alone has millisecond resolution and can step
// backwards; anchoring the monotonic hrtime to the epoch once gives ordered, fine-grained stamps.

const anchor = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

export function epochNs(): bigint {
  return anchor + process.hrtime.bigint();
}
