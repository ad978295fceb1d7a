/** Where a command writes and what it may know about its surroundings; tests pass their own. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Whether stderr is a terminal: progress indicators are drawn only then. */
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Opens a URL in the user's browser; best effort, never throws. */
  openUrl(url: string): void;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}
