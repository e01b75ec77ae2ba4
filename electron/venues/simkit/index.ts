// Public entry of the simulator kit; venue simulators import from here only.
export * from './types';
export { autoTickMs, createMarketGenerator } from './generator';
export { epochNs } from './clock';
export { idEpoch } from './ids';
/** Seeded randomness for simulators that need reproducible ids or choices of their own. */
export { Prng, deriveSeed } from './prng';
