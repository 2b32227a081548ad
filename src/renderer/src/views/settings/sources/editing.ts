// What Settings → Sources is editing, and the contract parameters it becomes: checked with the
// shared schemas first, so a mistake is shown at its field without a round trip.
import type { ParamsIn } from '../../../../../shared/contract';
import { deviceParams, type DeviceDraft } from './device-drafts';
import type { Converted } from './draft-fields';
import { kafkaParams, mqttParams, type KafkaDraft, type MqttDraft } from './source-drafts';

export type Editing =
  { kind: 'mqtt'; draft: MqttDraft } | { kind: 'kafka'; draft: KafkaDraft } | { kind: 'device'; draft: DeviceDraft };

export function saveParams(e: Editing): Converted<ParamsIn<'sources.save'>> {
  switch (e.kind) {
    case 'mqtt': {
      const c = mqttParams(e.draft);
      return c.ok ? { ok: true, value: { kind: 'mqtt', source: c.value } } : c;
    }
    case 'kafka': {
      const c = kafkaParams(e.draft);
      return c.ok ? { ok: true, value: { kind: 'kafka', source: c.value } } : c;
    }
    case 'device': {
      const c = deviceParams(e.draft);
      return c.ok ? { ok: true, value: { kind: 'device', device: c.value } } : c;
    }
  }
}

/** Devices have no connection to test. */
export function testParams(e: Editing): Converted<ParamsIn<'sources.test'>> | null {
  if (e.kind === 'device') return null;
  const saved = saveParams(e);
  if (!saved.ok) return saved;
  const v = saved.value;
  if (v.kind === 'mqtt') return { ok: true, value: { kind: 'mqtt', source: v.source } };
  if (v.kind === 'kafka') return { ok: true, value: { kind: 'kafka', source: v.source } };
  return null;
}
