// `--venues FILE`, for both hosts: reads and checks the description of simulators started
// elsewhere (`npm run sim -- --out FILE`) before the core starts, so a bad file stops the host
// with one clear line and nothing half-started. The description's schema is in
// electron/venues/simulators/sim-description.ts; nothing here quotes the file's contents.
import { readFileSync } from 'node:fs';
import { registerSecret } from '../base/log';
import {
  describedCredentials,
  parseSimulatorDescription,
  SimulatorDescriptionError,
  type SimulatorDescription,
} from '../venues/simulators/sim-description';

export type { SimulatorDescription };

export class VenuesFileError extends Error {
  override name = 'VenuesFileError';
}

const MAX_BYTES = 1 << 20;

export function readVenuesFile(file: string): SimulatorDescription {
  if (file === '')
    throw new VenuesFileError('--venues needs a file name (npm run sim -- --out FILE writes one)');
  let text: string;
  try {
    const buffer = readFileSync(file);
    if (buffer.length > MAX_BYTES) throw new VenuesFileError(`--venues ${file} is larger than 1 MiB`);
    text = buffer.toString('utf8');
  } catch (err) {
    if (err instanceof VenuesFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new VenuesFileError(`--venues ${file} cannot be read (${code ?? (err as Error).message})`);
  }
  let description: SimulatorDescription;
  try {
    description = parseSimulatorDescription(text, `--venues ${file}`);
  } catch (err) {
    if (err instanceof SimulatorDescriptionError) throw new VenuesFileError(err.message);
    throw err;
  }
  // Before anything can log: the logger redacts these from every line from now on (as the vault
  // would; an ALOR portfolio is an identifier, not a secret).
  for (const credentials of Object.values(describedCredentials(description)))
    for (const [field, value] of Object.entries(credentials))
      if (field !== 'portfolio') registerSecret(value);
  return description;
}

/**
 * The Electron app's `--venues=FILE` switch (also `--venues FILE`), from its command line;
 * undefined when absent, '' when given without a file (which readVenuesFile then refuses).
 */
export function venuesFileArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--venues=')) return arg.slice('--venues='.length);
    if (arg === '--venues') return argv[i + 1] ?? '';
  }
  return undefined;
}
