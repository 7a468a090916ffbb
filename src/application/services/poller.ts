/**
 * A poll run on a timer and on demand, single-flight: callers that ask while a run is under way
 * share it. The timer is unref'd (a poll must never keep a host process or a test runner alive)
 * and its failures go to `onTimerError`; an on-demand `run()` rejects with the poll's error.
 * Shared by the revocation state and the signing-key ring.
 */
export class Poller {
  private current: Promise<void> | null = null;
  private failed = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly poll: () => Promise<void>,
    private readonly onTimerError: (error: unknown) => void,
  ) {}

  /** Runs the poll, or joins the one under way. */
  run(): Promise<void> {
    this.current ??= this.poll()
      .then(
        () => {
          this.failed = false;
        },
        (error: unknown) => {
          this.failed = true;
          throw error;
        },
      )
      .finally(() => {
        this.current = null;
      });
    return this.current;
  }

  /** The run under way, if any. */
  get running(): Promise<void> | null {
    return this.current;
  }

  /** Whether the last run that settled failed. */
  get lastFailed(): boolean {
    return this.failed;
  }

  /** Starts polling every `intervalMs` (a second call replaces the timer). */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      this.run().catch(this.onTimerError);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
