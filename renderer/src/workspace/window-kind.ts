import { WINDOW_KINDS, type WindowKind } from '../../../shared/domain';

export function parseWindowKind(value: string | null): WindowKind {
  return (WINDOW_KINDS as readonly string[]).includes(value ?? '') ? (value as WindowKind) : 'main';
}
