// The renderer's source kinds, registered once: one form per name in the shared kind lists
// (src/shared/sources/source-kinds.ts). The types below refuse a shared kind without its form.
import type { SingleSourceKindName, SourceKindName } from '../../../../../shared/sources/source-kinds';
import { cloudSourceForm } from './CloudForm';
import { httpIngestForm } from './HttpIngestForm';
import { kafkaSourceForm } from './KafkaForm';
import { mqttSourceForm } from './MqttForm';
import { prometheusSourceForm } from './PrometheusForm';
import type { SingleSourceForm, SourceForm } from './source-form';

const SOURCE_FORMS = {
  mqtt: mqttSourceForm,
  kafka: kafkaSourceForm,
  prometheus: prometheusSourceForm,
  cloud: cloudSourceForm,
} satisfies { readonly [K in SourceKindName]: SourceForm<K> };

const SINGLE_SOURCE_FORMS = {
  http: httpIngestForm,
} satisfies { readonly [K in SingleSourceKindName]: SingleSourceForm<K> };

/** The form state of a kind's form (MqttDraft, KafkaDraft, …). */
export type SourceDraftOf<K extends SourceKindName> =
  (typeof SOURCE_FORMS)[K] extends SourceForm<K, infer D> ? D : never;

export function sourceForm(kind: SourceKindName): SourceForm {
  return SOURCE_FORMS[kind] as SourceForm;
}

export function singleSourceForm(kind: SingleSourceKindName): SingleSourceForm {
  return SINGLE_SOURCE_FORMS[kind] as SingleSourceForm;
}
