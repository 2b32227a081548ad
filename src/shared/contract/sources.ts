// Settings → Sources: the registered source kinds (MQTT, Kafka, … and the single-instance HTTP
// ingest — src/shared/sources/source-kinds.ts), devices and auto-registration, editable while the engine runs. What is saved here
// is layered over the configuration file (file ← Settings) and every item says where it comes
// from. Saves are checked with the same schemas as the file; a refused save is BAD_REQUEST with
// details.issues[] of { path, message }, paths starting at the params ("source.url").
// Secrets are write-only: views say whether one is set, never what it is. Each kind's entries
// (its list or section, its save and test options) are built from the kind lists, never written out here.
import { z } from 'zod';
import { Device } from '../domain';
import { ReadingTimes } from '../source-config';
import { SettingOrigin, singleSaveOptions, singleViews, sourceOptions, viewLists } from '../sources/source-kind';
import {
  SINGLE_SOURCE_KIND_NAMES,
  SINGLE_SOURCE_KINDS,
  SOURCE_KIND_NAMES,
  SOURCE_KINDS,
} from '../sources/source-kinds';

export { SettingOrigin } from '../sources/source-kind';

export const DeviceView = Device.extend({ origin: SettingOrigin });
export type DeviceView = z.infer<typeof DeviceView>;

export const SourcesSettings = z.object({
  /** Every source of each kind, by kind name: mqtt, kafka, … */
  ...viewLists(SOURCE_KINDS),
  /** Each single-instance kind as it runs: http (HTTP ingest). */
  ...singleViews(SINGLE_SOURCE_KINDS),
  /** Configured devices (file and Settings); devices only seen on the wire are in devices.list. */
  devices: z.array(DeviceView),
  autoRegister: z.object({ value: z.boolean(), origin: SettingOrigin }),
  /** Which reading times are taken (future and age limits) and which are live, on every channel. */
  readingTimes: z.object({ value: ReadingTimes, origin: SettingOrigin }),
  /** Where an MQTT source without a URL connects; null when the embedded broker is off. */
  embeddedBrokerUrl: z.string().nullable(),
});
export type SourcesSettings = z.infer<typeof SourcesSettings>;

export const SourceSaveParams = z.discriminatedUnion('kind', [
  /** { kind: 'mqtt', source }, { kind: 'kafka', source }, … */
  ...sourceOptions(SOURCE_KINDS),
  /** { kind: 'http', http }, … */
  ...singleSaveOptions(SINGLE_SOURCE_KINDS),
  z.object({ kind: z.literal('device'), device: Device }).strict(),
  z.object({ kind: z.literal('autoRegister'), value: z.boolean() }).strict(),
  z.object({ kind: z.literal('readingTimes'), value: ReadingTimes }).strict(),
]);
export type SourceSave = z.output<typeof SourceSaveParams>;

/** A source kind's name (mqtt, kafka, …). */
export const SourceKindParam = z.enum(SOURCE_KIND_NAMES);

export const SettingKind = z.enum([...SOURCE_KIND_NAMES, 'device']);
export type SettingKind = z.infer<typeof SettingKind>;

export const SourceTestParams = z.discriminatedUnion('kind', sourceOptions(SOURCE_KINDS));
export type SourceTest = z.output<typeof SourceTestParams>;

export const SourceTestResult = z.object({
  ok: z.boolean(),
  /** What was reached (broker, cluster and topics), or why it failed. */
  message: z.string(),
  ms: z.number(),
});
export type SourceTestResult = z.infer<typeof SourceTestResult>;

const ItemRef = z.object({ kind: SettingKind, id: z.string().min(1) }).strict();

export const sourcesRequests = {
  /** Every source, device and ingest setting as it runs now, with where each comes from. */
  'sources.settings': { params: z.object({}).strict(), result: SourcesSettings },
  /** Adds or replaces one item (by id) and applies it at once: a changed source is restarted. */
  'sources.save': { params: SourceSaveParams, result: SourcesSettings },
  /** Removes an item; a file item is hidden by Settings until restored with sources.revert. */
  'sources.remove': { params: ItemRef, result: SourcesSettings },
  /** Drops what Settings changed of an item (or of HTTP ingest, auto-registration, reading times): the file's value applies again. */
  'sources.revert': {
    params: z.union([
      ItemRef,
      z.object({ kind: z.enum([...SINGLE_SOURCE_KIND_NAMES, 'autoRegister', 'readingTimes']) }).strict(),
    ]),
    result: SourcesSettings,
  },
  'sources.setEnabled': {
    params: z.object({ kind: SourceKindParam, id: z.string().min(1), enabled: z.boolean() }).strict(),
    result: SourcesSettings,
  },
  /** Connects with the given settings (stored secrets fill in what is left out) without saving. */
  'sources.test': { params: SourceTestParams, result: SourceTestResult },
} as const;
