// Layers Settings over the configuration file: file items by id, replaced by an edited copy or
// hidden by a removal; items added in Settings after them. Every item keeps where it came from.
import type { Device } from '../../../../shared/domain';
import type { SettingOrigin } from '../../../../shared/contract/sources';
import type {
  HttpIngestConfig,
  KafkaSourceConfig,
  MqttSourceConfig,
  ReadingTimes,
} from '../../../../shared/source-config';
import type { SourceOverrides } from './source-overrides';

export interface Layered<T> {
  item: T;
  origin: SettingOrigin;
}

export interface EffectiveSources {
  mqtt: Layered<MqttSourceConfig>[];
  kafka: Layered<KafkaSourceConfig>[];
  devices: Layered<Device>[];
  http: Layered<HttpIngestConfig>;
  autoRegister: Layered<boolean>;
  readingTimes: Layered<ReadingTimes>;
}

/** What the file (with environment and flags) says, before Settings. */
export interface FileSources {
  mqtt: readonly MqttSourceConfig[];
  kafka: readonly KafkaSourceConfig[];
  devices: readonly Device[];
  http: HttpIngestConfig;
  autoRegister: boolean;
  readingTimes: ReadingTimes;
}

function layerList<T extends { id: string }>(file: readonly T[], over: Record<string, T | null>): Layered<T>[] {
  const out: Layered<T>[] = [];
  const fileIds = new Set<string>();
  for (const item of file) {
    fileIds.add(item.id);
    if (!(item.id in over)) out.push({ item, origin: 'file' });
    else if (over[item.id] === null) out.push({ item, origin: 'removed' });
    else out.push({ item: over[item.id]!, origin: 'edited' });
  }
  for (const [id, item] of Object.entries(over)) {
    if (!fileIds.has(id) && item) out.push({ item, origin: 'settings' });
  }
  return out;
}

export function layerSources(file: FileSources, over: SourceOverrides): EffectiveSources {
  return {
    mqtt: layerList(file.mqtt, over.mqtt),
    kafka: layerList(file.kafka, over.kafka),
    devices: layerList(file.devices, over.devices),
    http: over.http ? { item: over.http, origin: 'edited' } : { item: file.http, origin: 'file' },
    autoRegister:
      over.autoRegister === undefined
        ? { item: file.autoRegister, origin: 'file' }
        : { item: over.autoRegister, origin: 'edited' },
    readingTimes: over.readingTimes
      ? { item: over.readingTimes, origin: 'edited' }
      : { item: file.readingTimes, origin: 'file' },
  };
}

/** The items that apply (removed file items do not). */
export function active<T>(list: readonly Layered<T>[]): T[] {
  return list.filter((l) => l.origin !== 'removed').map((l) => l.item);
}
