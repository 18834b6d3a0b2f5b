/**
 * Errors with a stable `code`, the field path, the allowed range and the value received.
 * `InputError` means the user's input is wrong (CLI exit code 2); anything else is a
 * runtime failure (exit code 1).
 */
export interface ErrorDetail {
  /** Stable machine-readable code, e.g. `spec.out_of_range`. */
  code: string;
  /** Field path such as `elements[0].building.floors`; empty for whole-document errors. */
  path?: string;
  /** Human description of what is allowed, e.g. `1..200` or `one of pancake, topple`. */
  allowed?: string;
  /** The value that was received (JSON-serialisable, truncated for display). */
  received?: unknown;
  /** A "did you mean" suggestion or other hint. */
  hint?: string;
}

export class AftermathError extends Error {
  readonly code: string;
  readonly details: ErrorDetail[];
  constructor(message: string, code: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'AftermathError';
    this.code = code;
    this.details = details;
  }
}

/** Bad input: malformed shot, absurd numbers, missing files, hostile paths. Exit code 2. */
export class InputError extends AftermathError {
  constructor(message: string, code: string, details: ErrorDetail[] = []) {
    super(message, code, details);
    this.name = 'InputError';
  }
}

/** The render was cancelled through its AbortSignal. */
export class AbortedError extends AftermathError {
  constructor(stage: string) {
    super(`render aborted during stage '${stage}'`, 'aborted');
    this.name = 'AbortedError';
  }
}

export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** One line per detail: `path: message (allowed: X, received: Y) — did you mean Z?` */
export function formatError(err: unknown): string {
  if (!(err instanceof AftermathError)) return err instanceof Error ? err.message : String(err);
  if (err.details.length === 0) return `error[${err.code}]: ${err.message}`;
  const lines = [`error[${err.code}]: ${err.message}`];
  for (const d of err.details) {
    const parts: string[] = [];
    if (d.allowed !== undefined) parts.push(`allowed: ${d.allowed}`);
    if ('received' in d) parts.push(`received: ${describeValue(d.received)}`);
    let line = `  - ${d.path || '(document)'}: ${d.code}`;
    if (parts.length) line += ` (${parts.join(', ')})`;
    if (d.hint) line += ` — ${d.hint}`;
    lines.push(line);
  }
  return lines.join('\n');
}

export function exitCodeFor(err: unknown): number {
  return err instanceof InputError ? 2 : 1;
}
