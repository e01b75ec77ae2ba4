// A computed that rebuilds plain data from a store which also carries figures it does not show
// (each venue's message rate and age, sent every second or so) would hand its readers a new
// value each time and re-render them for nothing. Returning the previous value when the new one
// is equal keeps them still (Vue's computed passes the previous value to its getter).

/** `prev` when `next` holds the same plain data (JSON-equal), else `next`. */
export function keepIfSame<T>(prev: T | undefined, next: T): T {
  return prev !== undefined && JSON.stringify(prev) === JSON.stringify(next) ? prev : next;
}
