// One way to show a time in every window: 24-hour, local to the trader (whose zone the main
// window names), with milliseconds where order of events matters.
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Date and time with milliseconds: sortable as text and unambiguous in a CSV. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(ms, true)}`;
}

/** Time of day, 24-hour; with milliseconds when asked. */
export function formatClock(ms: number, millis = false): string {
  const d = new Date(ms);
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return millis ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** The zone times are shown in, e.g. "Europe/Moscow (UTC+03:00)". */
export function timeZoneLabel(at = Date.now()): string {
  const offset = -new Date(at).getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const utc = `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone ? `${zone} (${utc})` : utc;
}
