// What a cloud's metric API gives the poll loop, whichever cloud it is: the points of one window,
// each tied to the configured series it answers, and notes on what came back incomplete (a
// metric the cloud could not answer, partial data) — stored points are kept, the notes go to
// health.
export interface CloudPoint {
  /** Index of the configured series. */
  series: number;
  /** The signal, dimensions filled in. */
  signal: string;
  ts: number;
  value: number;
  unit: string;
}

export interface CloudWindow {
  start: number;
  end: number;
}

export interface PollAnswer {
  points: CloudPoint[];
  /** Requests made (pages, token included). */
  requests: number;
  /** What came back incomplete, one sentence each. */
  notes: string[];
}

export interface MetricClient {
  /** Where it polls, for health and messages. */
  readonly url: string;
  poll(window: CloudWindow): Promise<PollAnswer>;
}

/** `{name}` in a signal template takes that dimension's value; an unknown name is left as written. */
export function fillSignal(template: string, dimensions: Record<string, string>): string {
  if (!template.includes('{')) return template;
  const lower = new Map(Object.entries(dimensions).map(([k, v]) => [k.toLowerCase(), v]));
  return template.replace(/\{([^{}]+)\}/g, (whole, name: string) => lower.get(name.toLowerCase()) ?? whole);
}
