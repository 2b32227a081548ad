// Whether an import would create a device, and what that device would get. An import never
// creates a device silently: when the mapping's one device id, or a device the device column
// names, is not registered, the Import view asks first and only then sends `createDevice: true`
// (the engine refuses otherwise: the whole import for one device, the rows for a column).
import type { ImportMappingPatch, ImportPreview } from '../../../../shared/contract';

/** The device id the mapping would create — set, and not a registered device — or null. */
export function newDeviceOf(mapping: ImportMappingPatch, registered: readonly { id: string }[]): string | null {
  const id = mapping.deviceId;
  if (id === undefined || id === '') return null;
  return registered.some((d) => d.id === id) ? null : id;
}

/**
 * The devices an import would create: the mapping's one device id, or — with a device column —
 * those the previewed rows name that are not registered (rows further on may name more: the
 * engine refuses those rows unless creating was confirmed, and the summary lists them).
 */
export function newDevicesOf(
  mapping: ImportMappingPatch,
  preview: Pick<ImportPreview, 'rows'>,
  registered: readonly { id: string }[],
): string[] {
  const one = newDeviceOf(mapping, registered);
  if (one !== null) return [one];
  if (!mapping.deviceColumn) return [];
  const known = new Set(registered.map((d) => d.id));
  const named = preview.rows.flatMap((r) => r.readings.map((d) => d.deviceId));
  return [...new Set(named)].filter((id) => !known.has(id));
}

/** The signals a new device gets from the file: the wide file's signal columns, or those the first rows name. */
export function newDeviceSignals(preview: ImportPreview, mapping: ImportMappingPatch): string[] {
  if (mapping.wide) {
    const excluded = new Set(mapping.exclude ?? []);
    return preview.signals.filter((s) => !excluded.has(s.column)).map((s) => s.signal);
  }
  return [...new Set(preview.rows.flatMap((r) => r.readings.map((d) => d.signal)))];
}
