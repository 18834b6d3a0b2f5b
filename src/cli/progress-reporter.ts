import type { ProgressEvent } from '../core/stage.js';

/**
 * Progress per stage: a redrawn bar with counts and ETA on a TTY, plain lines otherwise
 * (one per 10% and at the end, so logs stay short).
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr, quiet = false) {
  const tty = Boolean(stream.isTTY);
  const started = new Map<string, number>();
  const lastDecile = new Map<string, number>();
  let open = false;
  const clock = () => performance.now();
  return {
    onProgress(e: ProgressEvent): void {
      if (quiet) return;
      if (!started.has(e.stage)) started.set(e.stage, clock());
      const frac = e.total > 0 ? Math.min(1, e.done / e.total) : 1;
      const elapsedS = (clock() - (started.get(e.stage) ?? clock())) / 1000;
      const etaS = frac > 0 && frac < 1 ? (elapsedS / frac) * (1 - frac) : 0;
      if (tty) {
        const width = 28;
        const filled = Math.round(frac * width);
        const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
        const eta = frac < 1 ? ` ETA ${etaS.toFixed(0)}s` : ` ${elapsedS.toFixed(1)}s`;
        stream.write(`\r${e.stage.padEnd(9)} [${bar}] ${e.done}/${e.total} ${e.unit}${eta}   `);
        open = frac < 1;
        if (!open) stream.write('\n');
      } else {
        const decile = Math.floor(frac * 10);
        if (decile !== lastDecile.get(e.stage) || e.done === e.total) {
          if (lastDecile.get(e.stage) === 10) return;
          lastDecile.set(e.stage, decile);
          stream.write(`${e.stage}: ${e.done}/${e.total} ${e.unit} (${elapsedS.toFixed(1)}s)\n`);
        }
      }
    },
    log(message: string): void {
      if (quiet) return;
      if (open) stream.write('\n');
      open = false;
      stream.write(`${message}\n`);
    },
  };
}
