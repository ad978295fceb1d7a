import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Kill } from './report.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures/chaosHost.ts');
/** How long a host may take to start on a loaded machine before the test gives up on it. */
const START_DEADLINE_MS = 45_000;

/**
 * One of the chaos test's hosts: a child process (fixtures/chaosHost.ts) that the test starts,
 * SIGKILLs and starts again. Each start is a new incarnation ("A#1", "A#2"...), named in its
 * token requests' User-Agent so the token log tells which incarnation sent what.
 */
export class ChaosHost {
  private child: ChildProcess | undefined;
  private incarnationCount = 0;
  private ready = false;
  private killOnAnswer: ((kill: Kill) => void) | undefined;
  private stderrTail: string[] = [];
  /** Incarnations that exited without being killed, and how. */
  readonly selfExits: string[] = [];
  refreshed = 0;
  /** Whether the last incarnation runs background refresh jobs. */
  background = false;
  failures = new Map<string, number>();

  constructor(
    readonly label: string,
    private readonly env: Record<string, string>,
    private readonly kills: Kill[],
  ) {}

  get incarnation(): string {
    return `${this.label}#${this.incarnationCount}`;
  }

  get serving(): boolean {
    return this.ready;
  }

  /** Starts a new incarnation and resolves once it serves; a start that dies is tried again. */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce();
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  private startOnce(): Promise<void> {
    this.incarnationCount += 1;
    const incarnation = this.incarnation;
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
      env: { ...process.env, ...this.env, HOST_LABEL: incarnation },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    this.ready = false;
    this.stderrTail = [];
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > 20) this.stderrTail.shift();
    });
    return new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`host ${incarnation} did not start within ${START_DEADLINE_MS} ms:\n${this.stderrTail.join('\n')}`));
      }, START_DEADLINE_MS);
      child.once('exit', (code, signal) => {
        clearTimeout(deadline);
        if (this.child === child) {
          this.child = undefined;
          this.ready = false;
        }
        if (signal !== 'SIGKILL') {
          this.selfExits.push(`${incarnation} exited by itself (code ${code}, signal ${signal}): ${this.stderrTail.slice(-5).join(' | ')}`);
          reject(new Error(`host ${incarnation} exited before it served (code ${code}):\n${this.stderrTail.join('\n')}`));
        }
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith('@chaos ')) return;
        const [event, user, code] = line.slice(7).split(' ');
        if (event === 'answer' && this.killOnAnswer) {
          // Right now, in this handler: the host is between the provider's answer and its write.
          const arm = this.killOnAnswer;
          this.killOnAnswer = undefined;
          arm(this.kill('on-answer'));
        } else if (event === 'ready') {
          clearTimeout(deadline);
          this.ready = true;
          this.background = user === 'true';
          resolve();
        } else if (event === 'refreshed') {
          this.refreshed += 1;
        } else if (event === 'failed' && user) {
          this.failures.set(code ?? '?', (this.failures.get(code ?? '?') ?? 0) + 1);
        }
      });
    });
  }

  /** One token read per listed user, all at once (ignored while the host is down or starting). */
  storm(users: readonly string[]): void {
    if (this.ready && this.child?.stdin?.writable) this.child.stdin.write(`storm ${users.join(',')}\n`);
  }

  /** SIGKILLs the current incarnation now. */
  kill(mode: Kill['mode']): Kill {
    const kill: Kill = { incarnation: this.incarnation, at: Date.now(), mode };
    if (this.child) {
      this.child.kill('SIGKILL');
      this.kills.push(kill);
    }
    this.ready = false;
    return kill;
  }

  /**
   * SIGKILLs the incarnation as soon as it says a refresh answer arrived, or at `giveUpMs` at a
   * random moment if none comes by then.
   */
  killAtNextAnswer(giveUpMs: number): Promise<Kill> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.killOnAnswer = undefined;
        resolve(this.kill('random'));
      }, giveUpMs);
      this.killOnAnswer = (kill) => {
        clearTimeout(timer);
        resolve(kill);
      };
    });
  }

  /** Ends whatever incarnation runs or is starting, without counting it as a kill (clean-up). */
  stop(): void {
    this.killOnAnswer = undefined;
    this.child?.kill('SIGKILL');
    this.ready = false;
  }

  /** Waits for the current incarnation's exit (after a kill). */
  async exited(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((r) => child.once('exit', r));
  }
}
