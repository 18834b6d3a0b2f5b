import { exitCodeFor, formatError } from '../core/errors.js';

/**
 * Runs a command body with an AbortSignal tied to Ctrl-C, prints errors in the house
 * format and sets the exit code: 0 success, 2 invalid input, 1 runtime failure.
 */
export async function runAction(body: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    await body(controller.signal);
    process.exitCode = 0;
  } catch (err) {
    process.stderr.write(`${formatError(err)}\n`);
    if (process.env.AFTERMATH_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = exitCodeFor(err);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
