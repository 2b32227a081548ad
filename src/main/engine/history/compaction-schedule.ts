// When the hot rows are compacted: on the timer once `intervalMs` has passed since the last
// compaction and there is something to move, or at once when forced (the hot table reached
// `compactRows`, an import ended). Compactions never overlap; a forced one asked for while one
// runs is not dropped — it runs as soon as that one ends, so rows an import just added never
// wait for the timer (issue 20: the last 8.9 M rows of a 100 M import waited 5 minutes).

export interface CompactionPorts {
  /** Runs one compaction (on the maintenance queue); resolves when it is done. */
  compact(): Promise<unknown>;
  /** Rows waiting in the hot table. */
  hotRows(): number;
  /** Whether history can be written now (not stopped, not in a storage fault). */
  ready(): boolean;
  clock(): number;
  intervalMs: number;
  onError(err: unknown): void;
}

export class CompactionSchedule {
  private running = false;
  /** A forced compaction was asked for while one ran: run another as soon as it ends. */
  private again = false;
  private lastAt: number;

  constructor(private readonly ports: CompactionPorts) {
    this.lastAt = ports.clock();
  }

  /** A compaction has just been done (by whoever ran it): the timer counts from now. */
  done(): void {
    this.lastAt = this.ports.clock();
  }

  /** Compacts when due, or now when forced. */
  request(force = false): void {
    const p = this.ports;
    if (!p.ready()) return;
    if (this.running) {
      if (force) this.again = true;
      return;
    }
    const due = p.hotRows() > 0 && p.clock() - this.lastAt >= p.intervalMs;
    if (!force && !due) return;
    this.running = true;
    this.again = false;
    p.compact()
      .catch((e: unknown) => p.onError(e))
      .finally(() => {
        this.running = false;
        if (this.again && p.hotRows() > 0) this.request(true);
      });
  }
}
