// Form state of a device (strings, as typed) and its conversion to the contract's save
// parameters, checked with the same schemas the engine uses.
import type { DeviceView } from '../../../../../shared/contract/sources';
import { Device, type DeviceInput } from '../../../../../shared/domain';
import { num, zodErrors, type Converted } from './draft-fields';

export interface SignalDraft {
  key: string;
  unit: string;
  normalMin: string;
  normalMax: string;
  lo: string;
  hi: string;
  loLo: string;
  hiHi: string;
  intervalMs: string;
  deadband: string;
}

export interface DeviceDraft {
  isNew: boolean;
  id: string;
  name: string;
  kind: string;
  location: string;
  area: string;
  signals: SignalDraft[];
}

export function newSignalDraft(): SignalDraft {
  return {
    key: '',
    unit: '',
    normalMin: '',
    normalMax: '',
    lo: '',
    hi: '',
    loLo: '',
    hiHi: '',
    intervalMs: '5000',
    deadband: '0',
  };
}

export function newDeviceDraft(): DeviceDraft {
  return { isNew: true, id: '', name: '', kind: 'generic', location: '', area: '', signals: [newSignalDraft()] };
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

export function deviceDraftOf(v: DeviceView): DeviceDraft {
  return {
    isNew: false,
    id: v.id,
    name: v.name,
    kind: v.kind,
    location: v.location,
    area: v.area,
    signals: v.signals.map((s) => ({
      key: s.key,
      unit: s.unit,
      normalMin: text(s.normal?.[0]),
      normalMax: text(s.normal?.[1]),
      lo: text(s.limits.lo),
      hi: text(s.limits.hi),
      loLo: text(s.limits.loLo),
      hiHi: text(s.limits.hiHi),
      intervalMs: String(s.intervalMs),
      deadband: String(s.deadband),
    })),
  };
}

export function deviceParams(d: DeviceDraft): Converted<DeviceInput> {
  const device: DeviceInput = {
    id: d.id.trim(),
    name: d.name.trim() || d.id.trim(),
    kind: d.kind.trim() || 'generic',
    location: d.location.trim(),
    area: d.area.trim(),
    signals: d.signals.map((s) => {
      const limits = { lo: num(s.lo), hi: num(s.hi), loLo: num(s.loLo), hiHi: num(s.hiHi) };
      const normal =
        s.normalMin.trim() || s.normalMax.trim() ? [num(s.normalMin) ?? NaN, num(s.normalMax) ?? NaN] : undefined;
      return {
        key: s.key.trim(),
        unit: s.unit.trim(),
        ...(normal ? { normal: normal as [number, number] } : {}),
        limits: Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)),
        intervalMs: num(s.intervalMs),
        deadband: num(s.deadband),
      };
    }),
  };
  const parsed = Device.safeParse(device);
  return parsed.success ? { ok: true, value: device } : { ok: false, errors: zodErrors('device', parsed.error) };
}
