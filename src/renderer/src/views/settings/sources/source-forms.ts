// The renderer's source kinds, registered once: one form per name in the shared kind list
// (src/shared/sources/source-kinds.ts). The type below refuses a shared kind without its form.
import type { SourceKindName } from '../../../../../shared/sources/source-kinds';
import { kafkaSourceForm } from './KafkaForm';
import { mqttSourceForm } from './MqttForm';
import type { SourceForm } from './source-form';

const SOURCE_FORMS = {
  mqtt: mqttSourceForm,
  kafka: kafkaSourceForm,
} satisfies { readonly [K in SourceKindName]: SourceForm<K> };

/** The form state of a kind's form (MqttDraft, KafkaDraft, …). */
export type SourceDraftOf<K extends SourceKindName> =
  (typeof SOURCE_FORMS)[K] extends SourceForm<K, infer D> ? D : never;

export function sourceForm(kind: SourceKindName): SourceForm {
  return SOURCE_FORMS[kind] as SourceForm;
}
