// How a device's status and kind read on screen, shared by the Wall tile and the Device view.
import type { TileStatus } from '../telemetry/offline-status';

export const STATUS_WORD: Record<TileStatus, string> = { normal: 'Normal', alarm: 'Alarm', offline: 'Offline' };

export function kindLabel(kind: string): string {
  return kind.replace(/[_-]+/g, ' ');
}
