// `node --import ./register.mjs dist/node/electron-main.mjs`: the built main process with a
// recording stand-in for the `electron` module (import and require alike).
import { registerHooks } from 'node:module';

const fake = new URL('./electron.mjs', import.meta.url).href;
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'electron') return { url: fake, format: 'module', shortCircuit: true };
    return next(specifier, context);
  },
});
