// Contract entries for market recording and replay: which recordings exist, the per-profile
// recording switch, and the replay's controls and clock. While a replay runs every window shows
// the replayed market under a REPLAY banner with the replay clock (replay.clock).
import { z } from 'zod';
import { ProfileName } from '../domain';

export const RecordingId = z.string().regex(/^\d{8}T\d{9}Z$/, 'a recording id');

export const RecordingSummary = z.object({
  profile: ProfileName,
  id: RecordingId,
  /** Epoch ms: the session's start and its newest part's last write. */
  startedAt: z.number(),
  lastWrittenAt: z.number(),
  bytes: z.number().int().nonnegative(),
  parts: z.number().int().positive(),
});
export type RecordingSummary = z.infer<typeof RecordingSummary>;

export const ReplayState = z.object({
  active: z.boolean(),
  /**
   * The core is swapping venues and order manager (into or out of a replay): windows let go of
   * their order streams until it is done, as they do during a profile switch.
   */
  switching: z.boolean().optional(),
  profile: ProfileName.optional(),
  id: RecordingId.optional(),
  /** Replay time (the recording's clock, epoch ms) and the recording's span. */
  at: z.number().optional(),
  startsAt: z.number().optional(),
  endsAt: z.number().optional(),
  speed: z.number().optional(),
  /** The replay starts over at its end. */
  loop: z.boolean().optional(),
  paused: z.boolean().optional(),
  ended: z.boolean().optional(),
  played: z.number().int().nonnegative().optional(),
  total: z.number().int().nonnegative().optional(),
  /** The recording is longer than one replay holds in memory: it plays from its start, cut short. */
  partial: z.boolean().optional(),
});
export type ReplayState = z.infer<typeof ReplayState>;

export const REPLAY_SPEED = { min: 0.25, max: 100 } as const;
const Speed = z.number().min(REPLAY_SPEED.min).max(REPLAY_SPEED.max);

export const ReplayControl = z.discriminatedUnion('action', [
  z.object({ action: z.literal('pause') }).strict(),
  z.object({ action: z.literal('resume') }).strict(),
  /** The next recorded frame, while paused. */
  z.object({ action: z.literal('step') }).strict(),
  z.object({ action: z.literal('speed'), speed: Speed }).strict(),
  z.object({ action: z.literal('seek'), at: z.number().finite() }).strict(),
]);
export type ReplayControl = z.infer<typeof ReplayControl>;

const Empty = z.object({}).strict();

export const replayRequestSchemas = {
  'replay.recordings': {
    request: Empty,
    response: z.object({
      recordings: z.array(RecordingSummary),
      /** The active profile and whether it records now. */
      recording: z.object({ profile: ProfileName, enabled: z.boolean() }),
    }),
  },
  /** Switches recording on or off for the active profile (kept in Settings). */
  'recording.set': {
    request: z.object({ enabled: z.boolean() }).strict(),
    response: z.object({ profile: ProfileName, enabled: z.boolean() }),
  },
  'replay.start': {
    request: z
      .object({
        profile: ProfileName,
        id: RecordingId,
        /** Replay time to begin at (epoch ms); the recording's start when omitted. */
        startAt: z.number().finite().optional(),
        speed: Speed.optional(),
        /** Starts over at the end instead of stopping there (a benchmark's endless load). */
        loop: z.boolean().optional(),
      })
      .strict(),
    response: ReplayState,
  },
  'replay.control': { request: ReplayControl, response: ReplayState },
  /** Ends the replay; the active profile's venues come back. */
  'replay.stop': { request: Empty, response: ReplayState },
} as const;

export const replayStreamSchemas = {
  'replay.clock': { binary: false, params: Empty, event: ReplayState },
} as const;
