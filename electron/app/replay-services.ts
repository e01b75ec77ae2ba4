// Recording and replay over the contract: the recordings to choose from, the per-profile recording
// switch, the replay's start, controls and stop, and its clock for every window's REPLAY banner.
import { ContractError } from '../../shared/contract';
import type { CrossbookCore } from '../base/crossbook-core';
import type { ReplaySession } from './replay-session';
import type { TradingSession } from './session';

export function registerReplayServices(
  core: CrossbookCore,
  replay: ReplaySession,
  session: Pick<TradingSession, 'current' | 'recordingEnabled' | 'setRecordingEnabled'>,
  /** Applies the recording switch now (the active profile's recorder starts or stops). */
  applyRecording: () => void,
): void {
  core.handle('replay.recordings', async () => {
    const profile = session.current().profile;
    return {
      recordings: await replay.recordings(),
      recording: { profile, enabled: session.recordingEnabled(profile) },
    };
  });
  core.handle('recording.set', async ({ enabled }) => {
    const profile = session.current().profile;
    await session.setRecordingEnabled(profile, enabled);
    applyRecording();
    return { profile, enabled };
  });
  core.handle('replay.start', (request) => {
    // A replay swaps out the session's venues; there are none to swap before the session is up.
    if (session.current().phase !== 'ready')
      throw new ContractError('UNAVAILABLE', 'replay starts once the session is unlocked');
    return replay.start(request);
  });
  core.handle('replay.control', (control) => replay.control(control));
  core.handle('replay.stop', () => replay.stop());
  core.provide('replay.clock', (_params, emit) => {
    emit(replay.current());
    return replay.onChange(emit);
  });
}
