// Keeps a refresh that follows a changing figure (the dead-letter count in the health stream)
// to at most one per interval: the first change refreshes at once, changes within the interval
// fold into one refresh at its end, so a burst of bad payloads costs one request, not dozens.
export class RefreshPacer {
  private last = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly refresh: () => void,
    private readonly minIntervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asks for a refresh, now or at the end of the interval. */
  request(): void {
    if (this.timer !== undefined) return;
    const wait = this.last + this.minIntervalMs - this.now();
    if (wait <= 0) {
      this.refreshNow();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refreshNow();
    }, wait);
  }

  /** Refreshes at once (the operator asked), which also restarts the interval. */
  refreshNow(): void {
    this.cancel();
    this.last = this.now();
    this.refresh();
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
