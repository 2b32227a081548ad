// Whether an import would create a device, and what that device would get. An import never
// creates a device silently: when the mapping's one device id is not registered, the Import
// view asks first and only then sends `createDevice: true` (the engine refuses otherwise).
import type { ImportMappingPatch, ImportPreview } from '../../../../shared/contract';

/** The device id the mapping would create — set, and not a registered device — or null. */
export function newDeviceOf(mapping: ImportMappingPatch, registered: readonly { id: string }[]): string | null {
  const id = mapping.deviceId;
  if (id === undefined || id === '') return null;
  return registered.some((d) => d.id === id) ? null : id;
}

/** The signals a new device gets from the file: the wide file's signal columns, or those the first rows name. */
export function newDeviceSignals(preview: ImportPreview, mapping: ImportMappingPatch): string[] {
  if (mapping.wide) {
    const excluded = new Set(mapping.exclude ?? []);
    return preview.signals.filter((s) => !excluded.has(s.column)).map((s) => s.signal);
  }
  return [...new Set(preview.rows.flatMap((r) => r.readings.map((d) => d.signal)))];
}
