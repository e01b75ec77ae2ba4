// Turns whatever an invoke threw into one sentence a trader can act on.
import { ContractError } from '../../../shared/contract';

const PREFIX: Record<string, string> = {
  BAD_REQUEST: 'Not sent',
  REJECTED: 'Refused',
  UNAVAILABLE: 'Not available right now',
  UNAUTHORIZED: 'Not allowed',
  NOT_FOUND: 'Not found',
  INTERNAL: 'Crossbook hit an internal problem',
  UNKNOWN_CHANNEL: 'This core does not offer that yet',
  UNKNOWN_STREAM: 'This core does not offer that yet',
};

export function describeError(error: unknown, action?: string): string {
  const what = action ? `${action}: ` : '';
  if (error instanceof ContractError) return `${what}${PREFIX[error.code] ?? 'Failed'} — ${error.message}`;
  if (error instanceof Error) return `${what}${error.message}`;
  return `${what}something went wrong`;
}
