// How a device's kind reads on screen, shared by the Wall tile and the Device view (its status
// reads as src/shared/device-status.ts words it).

export function kindLabel(kind: string): string {
  return kind.replace(/[_-]+/g, ' ');
}
