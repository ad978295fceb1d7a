import type { CliIo } from '../io.ts';

function formatLeft(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * Draws "waiting… m:ss left" on one stderr line, once a second, on a terminal only: redirected
 * output (a log file, CI) would fill with carriage returns. Returns the function that erases it.
 */
export function startCountdown(io: CliIo, deadline: number, label: string): () => void {
  if (!io.stderrIsTTY) return () => {};
  const draw = () => io.stderr.write(`\r\x1b[2K${label} ${formatLeft(deadline - Date.now())} left`);
  draw();
  const timer = setInterval(draw, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    io.stderr.write('\r\x1b[2K');
  };
}
