// Field rules every venue's credential and endpoint schemas are built from. Every message names
// the problem and never the value: these strings end up in the UI and in logs.
import { z } from 'zod';

/** Far above any real key/token (ALOR refresh tokens and Paxos secrets are well under 200 chars). */
export const MAX_FIELD_LENGTH = 4096;

/** One credential field: printable ASCII, trimmed, non-empty; `extra` narrows it further. */
export function credentialField(extra?: { pattern: RegExp; message: string; max: number }) {
  // Type errors are worded by hand: zod's defaults are fine today, but nothing may echo input.
  let s = z
    .string({ error: (iss) => (iss.input === undefined ? 'is missing' : 'must be a string') })
    // Pasted keys often carry a trailing newline or space; that is never part of a real key.
    .trim()
    .min(1, 'is empty')
    .max(extra?.max ?? MAX_FIELD_LENGTH, `is longer than ${extra?.max ?? MAX_FIELD_LENGTH} characters`);
  s = s.regex(/^[\x21-\x7E]+$/, 'contains spaces or characters other than printable ASCII');
  if (extra) s = s.regex(extra.pattern, extra.message);
  return s;
}

/**
 * This machine: 127.0.0.0/8, localhost and [::1]. WHATWG URL parsing has already normalised other
 * spellings of an IPv4 address (127.1, 0x7f000001), so they reach this check as dotted quads.
 */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** A URL with one of the given schemes; `local` additionally pins it to this machine. */
export function endpointField(schemes: readonly string[], local: boolean) {
  return z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid URL' });
      return;
    }
    if (!schemes.includes(url.protocol.replace(/:$/, ''))) {
      ctx.addIssue({
        code: 'custom',
        message: `must use ${schemes.join(' or ')}, not ${url.protocol.replace(/:$/, '')}`,
      });
    }
    if (local && !isLoopbackHost(url.hostname)) {
      // Demo credentials are generated locally and must never be sent to a remote host.
      ctx.addIssue({
        code: 'custom',
        message: 'must point at this machine (127.0.0.0/8, localhost or [::1])',
      });
    }
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not embed credentials' });
  });
}

/** The WebSocket and HTTP URL rules of a profile: TLS only, or loopback (demo) with plain allowed. */
export function urlFields(local: boolean) {
  return {
    ws: endpointField(local ? ['ws', 'wss'] : ['wss'], local),
    http: endpointField(local ? ['http', 'https'] : ['https'], local),
  };
}

/** What every venue's settings entry has: whether Crossbook connects to it at all. */
export const venueSettingsBase = { enabled: z.boolean().default(true) };
