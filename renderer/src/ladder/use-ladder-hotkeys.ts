// Ladder hotkeys on this window: the table in hotkeys.ts says which key does what; this wires it
// to the window's actions while no dialog or help is open.
import { onBeforeUnmount, onMounted } from 'vue';
import { isTyping } from '../common/is-typing';
import { ladderCommand, type LadderCommand } from './hotkeys';

export function useLadderHotkeys(o: { blocked: () => boolean; run: (command: LadderCommand) => void }) {
  function onKey(e: KeyboardEvent) {
    if (o.blocked()) return;
    const cmd = ladderCommand(e, isTyping(e.target));
    if (!cmd) return;
    e.preventDefault();
    o.run(cmd);
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
