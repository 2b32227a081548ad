// The metrics one edge node or one of its devices declared in its last birth: name ↔ alias,
// datatype and unit. DATA messages usually carry only an alias and a value, so without this
// the value cannot be named, typed or given a unit.
import type { Metric } from './sparkplug-proto';
import { signalKey } from './sparkplug-names';
import { isNumericType, metricUnit } from './sparkplug-values';

export interface MetricDef {
  name: string;
  /** Watchfloor signal key; undefined when the name cannot be one (empty). */
  signal: string | undefined;
  datatype: number | undefined;
  unit: string;
  /** Protocol metrics (bdSeq, Node Control/*): kept for alias lookups, never readings. */
  control: boolean;
}

export type Resolved = { def: MetricDef } | { reason: string };

export function isControlMetric(name: string): boolean {
  return name === 'bdSeq' || name.startsWith('Node Control/');
}

export function definitionOf(m: Metric & { name: string }): MetricDef {
  return {
    name: m.name,
    signal: signalKey(m.name),
    datatype: m.datatype,
    unit: metricUnit(m.properties) ?? '',
    control: isControlMetric(m.name),
  };
}

export class MetricScope {
  private readonly byAlias = new Map<bigint, MetricDef>();
  private readonly byName = new Map<string, MetricDef>();

  constructor(readonly deviceId: string) {}

  /** Registers one birth metric; returns why it cannot be registered, if so. */
  define(m: Metric): { def: MetricDef } | { reason: string } {
    if (m.name === undefined || m.name === '') return { reason: 'birth metric has no name' };
    const def = definitionOf({ ...m, name: m.name });
    if (m.alias !== undefined) {
      const taken = this.byAlias.get(m.alias);
      if (taken && taken.name !== m.name)
        return { reason: `alias ${m.alias} is already "${taken.name.slice(0, 60)}" in this birth` };
      this.byAlias.set(m.alias, def);
    }
    this.byName.set(m.name, def);
    return { def };
  }

  /**
   * Names and types a DATA metric. An alias this birth did not declare is unknown even when the
   * metric also carries a name: our view of the node is stale and only a rebirth fixes it.
   */
  resolve(m: Metric): Resolved {
    if (m.alias !== undefined) {
      const def = this.byAlias.get(m.alias);
      return def ? { def } : { reason: `unknown alias ${m.alias}` };
    }
    return resolveByName(m, this.byName);
  }

  /** The signals this scope will produce readings for, for the registry. */
  signals(): { key: string; unit: string }[] {
    const out = new Map<string, string>();
    for (const def of this.byName.values()) {
      if (def.control || def.signal === undefined || !isNumericType(def.datatype)) continue;
      if (!out.has(def.signal)) out.set(def.signal, def.unit);
    }
    return [...out].map(([key, unit]) => ({ key, unit }));
  }
}

/** Resolution for a device or node whose birth we have not seen: only self-describing metrics
 * (name and datatype) can be read. */
export function resolveByName(m: Metric, byName?: ReadonlyMap<string, MetricDef>): Resolved {
  if (m.name === undefined || m.name === '') {
    return { reason: m.alias !== undefined ? `unknown alias ${m.alias}` : 'metric has neither a name nor an alias' };
  }
  const def = byName?.get(m.name);
  if (def) return { def };
  if (m.datatype === undefined) return { reason: 'not in the birth, and carries no datatype' };
  return { def: definitionOf({ ...m, name: m.name }) };
}
