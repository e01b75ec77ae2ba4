// A demo recording of one Paxos book, written with the real recorder: a snapshot, then updates whose
// best bid moves among three prices, one frame every `spacingMs` of receipt time. What the replay
// session and the web host's --replay tests play back.
import { recordingDir } from '../../electron/app/replay-session';
import { RecordingWriter } from '../../electron/replay/recording/writer';
import { PAXOS_DEF, paxosBook } from '../engine/helpers';

/** Writes the recording under the data folder's demo recordings; answers its session id. */
export async function writePaxosRecording(
  dataDir: string,
  frames: number,
  spacingMs: number,
): Promise<string> {
  const writer = new RecordingWriter({
    dir: recordingDir(dataDir, 'demo'),
    profile: 'demo',
    maxFileBytes: 1 << 20,
    maxFileMs: 3_600_000,
    maxTotalBytes: 1 << 30,
  });
  writer.defineMarkets([{ ...PAXOS_DEF, lotSize: '0.00000001' }]);
  for (let i = 0; i < frames; i++)
    writer.record([
      {
        type: 'frame',
        venue: 'paxos',
        text: paxosBook(
          i === 0 ? 'SNAPSHOT' : 'UPDATE',
          i,
          [[6_000_000 - 1 - (i % 3), 1e8]],
          [[6_000_001, 1e8]],
        ),
        receivedAt: 1_000 + i * spacingMs,
      },
    ]);
  await writer.close();
  return writer.sessionName;
}
