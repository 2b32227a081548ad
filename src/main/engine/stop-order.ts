// How the engine stops: the composition root adds each service's stop as the service starts,
// and stopping runs that list backwards — whatever started later (and may use what started
// before it) stops first. A start that fails half-way stops exactly what had started. One
// step failing does not keep the others from running; the first failure is rethrown at the end.

interface Step {
  name: string;
  stop: () => void | Promise<void>;
}

export class StopOrder {
  private readonly steps: Step[] = [];

  /** Registers how `name` stops; call it right after `name` has started. */
  add(name: string, stop: () => void | Promise<void>): void {
    this.steps.push({ name, stop });
  }

  /** The names in the order they will stop. */
  get names(): string[] {
    return this.steps.map((s) => s.name).reverse();
  }

  /** Runs every step, last added first; each runs once, even when stop is called again. */
  async stopAll(log: (message: string) => void): Promise<void> {
    let first: unknown;
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.stop();
      } catch (err) {
        log(`stopping ${step.name} failed: ${err instanceof Error ? err.message : String(err)}`);
        first ??= err;
      }
    }
    if (first !== undefined) throw first;
  }
}
