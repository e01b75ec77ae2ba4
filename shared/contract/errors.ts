import { z } from 'zod';

export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  'UNKNOWN_STREAM',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'REJECTED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const WireError = z.object({ code: ErrorCode, message: z.string() });
export type WireError = z.infer<typeof WireError>;

/** An error meant for the trader: the message is plain words and never contains a secret. */
export class ContractError extends Error {
  override name = 'ContractError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }

  static fromWire(wire: WireError): ContractError {
    return new ContractError(wire.code, wire.message);
  }
}

/** Summarises a zod failure as "field: problem; field: problem" for a clear error message. */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  if (error.issues.length > limit) parts.push(`and ${error.issues.length - limit} more`);
  return parts.join('; ');
}
