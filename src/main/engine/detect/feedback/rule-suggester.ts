// Suggested rule changes from labels. Limit, rate and flatline alarms are never suppressed by
// feedback (an operator must be able to trust a limit); instead, when a series carries at least
// three live false-alarm labels on such alarms, this proposes ONE change to its rule (an
// on-delay, a deadband, or a moved limit: suggestion-rules.ts decides which) that an engineer
// accepts or rejects in Settings → Rules.
//
// - The events: a label on an alarm is that alarm (kind, raise and return times); a label on an
//   anomaly is its range with the anomaly's kind; a range label covers the series' alarms raised
//   inside it (or, with none, whatever went beyond hi or lo there). Each is measured on the stored
//   readings (peaks, durations, crossings), falling back to the alarm record when readings are gone.
// - When: after every label change (the series it touches, every signal for a whole-device label),
//   in the background, one series at a time. `idle()` waits for that work.
// - One open suggestion per series: the same field is revised in place, a different one replaces
//   it. A suggestion becomes `outdated` when a label it rests on is deleted or no longer says false
//   alarm, when the labels stop supporting it, or when its rule changed (any save, compared with
//   the rule in force when it was made; the series is then looked at again under the new rule).
// - Accept saves through the rule store exactly as rules.save does (validated, audited, by the
//   caller); the series entry keeps its other rules, and the rule kind starts from the one in
//   force (which may come from a device-wide entry) with only the field changed.
import { randomUUID } from 'node:crypto';
import type { RuleSuggestion, Verdict } from '../../../../shared/contract/annotations';
import type { RuleSet } from '../../../../shared/contract/detection';
import type { Alarm, Device, Signal } from '../../../../shared/domain';
import { EngineError } from '../../../../shared/errors';
import type { AnnotationIndex, LabelChange, LabelRange } from '../../annotations/annotation-ports';
import type { StateDb } from '../../state/state-db';
import type { RuleStore } from '../rule-store';
import { measure, propose, ruleOf, type EventMeasure, type RuleInForce, type WatchedKind } from './suggestion-rules';
import { publicSuggestion, SuggestionStore, type StoredSuggestion } from './suggestion-store';

const WATCHED: readonly string[] = ['high', 'low', 'rate', 'flatline'];
const MAX_READINGS = 200_000;
const END = Number.MAX_SAFE_INTEGER;

export interface SuggesterDeps {
  db: StateDb;
  labels: AnnotationIndex;
  alarms: { get(id: number): Alarm | undefined; ofSeries(d: string, s: string, from: number, to: number): Alarm[] };
  readings: (series: string[], from: number, to: number, limit: number) => Promise<{ ts: number; value: number }[]>;
  rules: Pick<RuleStore, 'book' | 'list' | 'save' | 'onChange'>;
  registry: { get(id: string): Device | undefined; list(): Device[] };
  clock: () => number;
  log: (message: string) => void;
}

export class RuleSuggester {
  readonly store: SuggestionStore;
  private readonly queue = new Set<string>();
  private running: Promise<void> | null = null;
  private readonly stops: (() => void)[] = [];

  constructor(private readonly deps: SuggesterDeps) {
    this.store = new SuggestionStore(deps.db);
  }

  start(): void {
    this.stops.push(this.deps.labels.onChange((c) => this.labelsChanged(c)));
    this.stops.push(this.deps.rules.onChange(() => this.rulesChanged()));
    this.rulesChanged();
    // Labels made before this start (an upgrade, or changes while a review was cut short by a
    // stop) are looked at once: a review revises the open suggestion, it never duplicates it.
    for (const device of this.deps.registry.list()) {
      for (const signal of device.signals) {
        if (this.deps.labels.rangesOf(device.id, signal.key, -Infinity, Infinity, ['false-alarm']).length >= 3)
          this.schedule(device.id, signal.key);
      }
    }
  }

  async stop(): Promise<void> {
    for (const s of this.stops.splice(0)) s();
    this.queue.clear();
    await this.idle();
  }

  /** Resolves when every label change so far has been looked at. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  list(p: { device?: string; status?: RuleSuggestion['status'][] }): RuleSuggestion[] {
    return this.store.list(p).map(publicSuggestion);
  }

  decide(p: { id: string; accept: boolean; note?: string }, by: string): RuleSuggestion {
    const s = this.store.get(p.id);
    if (!s) throw new EngineError('NOT_FOUND', `no suggestion ${p.id}`);
    if (s.status !== 'open') throw new EngineError('CONFLICT', `the suggestion is already ${s.status}`);
    const now = this.deps.clock();
    const note = p.note?.trim() ? p.note.trim() : null;
    if (p.accept) {
      if (this.basisOf(s.device, s.signal, s.rule) !== s.basis) {
        this.store.outdate(s.id, now);
        throw new EngineError(
          'CONFLICT',
          `the ${s.rule} rule of ${s.device}/${s.signal} changed since; suggestion outdated`,
        );
      }
      const entry = this.deps.rules.list().find((e) => e.device === s.device && e.signal === s.signal);
      const inForce = this.deps.rules.book.pick(s.device, s.signal, s.rule).rule ?? {};
      const rules = { ...entry?.rules, [s.rule]: { ...inForce, [s.field]: s.proposed } } as RuleSet;
      // Decided first, in one transaction with the save: the rule change it causes does not
      // outdate it, and a refused save leaves it open.
      this.deps.db.transaction(() => {
        this.store.decide(s.id, 'accepted', by, now, note);
        this.deps.rules.save({ device: s.device, signal: s.signal, rules }, by, now);
      })();
    } else {
      this.store.decide(s.id, 'rejected', by, now, note);
    }
    return publicSuggestion(this.store.get(s.id)!);
  }

  /** Looks at one series again (also what a label change schedules). */
  schedule(device: string, signal: string): void {
    this.queue.add(`${device}\u0000${signal}`);
    this.running ??= this.drain()
      .catch((err: unknown) => this.deps.log(`rule suggestions failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }

  private labelsChanged(c: LabelChange): void {
    for (const l of [c.before, c.after]) {
      if (!l) continue;
      if (l.signal !== '*') this.schedule(l.deviceId, l.signal);
      else for (const s of this.deps.registry.get(l.deviceId)?.signals ?? []) this.schedule(l.deviceId, s.key);
    }
  }

  /** Open suggestions whose rule changed are outdated; their series is looked at again under the new rule. */
  private rulesChanged(): void {
    const now = this.deps.clock();
    for (const s of this.store.list({ status: ['open'] })) {
      if (this.basisOf(s.device, s.signal, s.rule) === s.basis) continue;
      this.store.outdate(s.id, now);
      this.schedule(s.device, s.signal);
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = this.queue.values().next();
      if (next.done) return;
      this.queue.delete(next.value);
      const [device, signal] = next.value.split('\u0000') as [string, string];
      await this.review(device, signal);
    }
  }

  private signal(device: string, key: string): Signal | undefined {
    return this.deps.registry.get(device)?.signals.find((s) => s.key === key);
  }

  private compiled(device: string, key: string) {
    const signal = this.signal(device, key);
    return signal ? this.deps.rules.book.compile(device, signal) : undefined;
  }

  /** The rule in force for one kind, as text: what a later change is compared with. */
  private basisOf(device: string, key: string, rule: RuleSuggestion['rule']): string {
    const c = this.compiled(device, key);
    return c ? JSON.stringify(c[rule]) : '';
  }

  private async review(device: string, key: string): Promise<void> {
    const c = this.compiled(device, key);
    const now = this.deps.clock();
    const open = this.store.openOf(device, key);
    if (!c) {
      for (const s of open) this.store.outdate(s.id, now);
      return;
    }
    const rules: RuleInForce = {
      hi: c.limits.hi,
      lo: c.limits.lo,
      hiHi: c.limits.hiHi,
      loLo: c.limits.loLo,
      deadband: c.limits.deadband,
      limitsOnDelayMs: c.limits.onDelayMs,
      maxPerSecond: c.rate.enabled ? c.rate.maxPerSecond : NaN,
      rateDeadband: c.rate.deadband,
      rateOnDelayMs: c.rate.onDelayMs,
      flatlineOnDelayMs: c.flatline.onDelayMs,
    };
    const labels = this.deps.labels.rangesOf(device, key, 0, END, ['false-alarm', 'true-anomaly']);
    const falseIds = new Set(labels.filter((l) => l.verdict === 'false-alarm').map((l) => l.id));
    // A label it rested on was deleted or changed its verdict: that suggestion no longer stands.
    const standing = open.filter((s) => {
      const ok = s.basedOn.every((id) => falseIds.has(id));
      if (!ok) this.store.outdate(s.id, now);
      return ok;
    });
    const events: { verdict: Verdict; e: EventMeasure }[] = [];
    for (const l of labels) {
      for (const e of await this.eventsOf(l, device, key, rules)) events.push({ verdict: l.verdict, e });
    }
    const byKind = new Map<WatchedKind, EventMeasure[]>();
    for (const { verdict, e } of events) {
      if (verdict !== 'false-alarm') continue;
      byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
    }
    const group = [...byKind.values()].sort((a, b) => b.length - a.length)[0] ?? [];
    const truth = events.filter((x) => x.verdict === 'true-anomaly').map((x) => x.e);
    const proposal = propose(`${device}/${key}`, group, truth, rules);
    const basis = proposal ? this.basisOf(device, key, proposal.rule) : '';
    let kept: StoredSuggestion | undefined;
    for (const s of standing) {
      if (proposal && !kept && s.rule === proposal.rule && s.field === proposal.field) kept = s;
      else this.store.outdate(s.id, now);
    }
    if (!proposal) return;
    if (kept) {
      this.store.revise(kept.id, { ...proposal, basis, createdAt: now });
      return;
    }
    this.store.insert({
      id: randomUUID(),
      device,
      signal: key,
      ...proposal,
      basis,
      createdAt: now,
      status: 'open',
      decidedBy: null,
      decidedAt: null,
      note: null,
    });
    this.deps.log(`rule suggestion for ${device}/${key}: ${proposal.field} ${proposal.current} → ${proposal.proposed}`);
  }

  /** The limit, rate or flatline events a label is about, measured (see the header). */
  private async eventsOf(l: LabelRange, device: string, key: string, rules: RuleInForce): Promise<EventMeasure[]> {
    const t = l.target;
    if (t.type === 'alarm') {
      const a = this.deps.alarms.get(t.alarmId);
      if (!a || a.deviceId !== device || a.signal !== key || !WATCHED.includes(a.kind)) return [];
      return this.fromAlarms(l, [a], rules);
    }
    if (t.type === 'anomaly') {
      if (!WATCHED.includes(t.kind)) return [];
      const kind = t.kind as WatchedKind;
      const inRange = this.deps.alarms.ofSeries(device, key, l.from, l.to).filter((a) => a.kind === kind);
      if (inRange.length > 0) return this.fromAlarms(l, inRange, rules, true);
      if (kind === 'flatline')
        return [{ labelId: l.id, kind, durationMs: l.to - l.from, peak: null, crossings: 1, dipDepth: 0 }];
      const m = measure(l.id, kind, await this.read(device, key, l.from, l.to), rules);
      return m ? [m] : [];
    }
    const alarms = this.deps.alarms.ofSeries(device, key, l.from, l.to).filter((a) => WATCHED.includes(a.kind));
    if (alarms.length > 0) return this.fromAlarms(l, alarms, rules, true);
    const readings = await this.read(device, key, l.from, l.to);
    return (['high', 'low'] as const).flatMap((k) => measure(l.id, k, readings, rules) ?? []);
  }

  /**
   * One event per kind over the alarms' span (repeats inside it show as crossings); for a range
   * label, only the part inside the range (an alarm that kept chattering past it is another event).
   */
  private async fromAlarms(l: LabelRange, alarms: Alarm[], rules: RuleInForce, clip = false): Promise<EventMeasure[]> {
    const out: EventMeasure[] = [];
    for (const kind of new Set(alarms.map((a) => a.kind as WatchedKind))) {
      const of = alarms.filter((a) => a.kind === kind);
      const from = Math.min(...of.map((a) => a.raisedAt));
      const end = Math.max(...of.map((a) => a.returnedAt ?? a.closedAt ?? Math.max(a.lastAt, l.to)));
      const to = clip ? Math.min(end, l.to) : end;
      const record: EventMeasure = {
        labelId: l.id,
        kind,
        durationMs: Math.max(0, to - from),
        peak:
          kind === 'flatline'
            ? null
            : kind === 'low'
              ? Math.min(...of.map((a) => a.value))
              : Math.max(...of.map((a) => a.value)),
        crossings: of.reduce((n, a) => n + a.count, 0),
        dipDepth: 0,
      };
      if (kind === 'flatline') {
        out.push(record);
        continue;
      }
      // From before the raise (an on-delay held it back meanwhile) to just after the return.
      const delay = ruleOf(kind) === 'rate' ? rules.rateOnDelayMs : rules.limitsOnDelayMs;
      const readings = await this.read(of[0]!.deviceId, of[0]!.signal, from - delay - 1, to);
      out.push(measure(l.id, kind, readings, rules) ?? record);
    }
    return out;
  }

  private read(device: string, key: string, from: number, to: number): Promise<{ ts: number; value: number }[]> {
    return this.deps.readings([`${device}/${key}`], Math.max(0, from), to, MAX_READINGS);
  }
}
