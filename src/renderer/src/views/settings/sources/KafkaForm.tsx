// Adding or editing a Kafka source: brokers, topics and group, payload format, SSL files on the
// engine's machine, SASL (the password is write-only) and the dead-letter topic.
import { Field, OtherErrors, PemFileFields, SecretInput } from './form-fields';
import { kafkaDraftOf, kafkaParams, kafkaPasswordNeeded, newKafkaDraft, type KafkaDraft } from './kafka-draft';
import type { SourceForm, SourceFormProps } from './source-form';

const FIELDS =
  /^source\.(id|brokers(\.\d+)?|topics(\.\d+)?|groupId|format|csv\.(separator|columns(\.\d+)?)|ssl(\.(ca|cert|key))?|sasl(\.(mechanism|username|password))?|dlqTopic|partitionsConsumedConcurrently)$/;

export function KafkaForm({ draft: d, errors, onChange }: SourceFormProps<KafkaDraft>) {
  const set = (patch: Partial<KafkaDraft>) => onChange({ ...d, ...patch });
  const anyOf = (...paths: string[]) => paths.map((p) => errors[p]).find(Boolean);
  return (
    <div className="srcset-form" data-testid="kafka-form">
      <div className="srcset-grid">
        <Field label="Id" path="source.id" errors={errors}>
          <input
            value={d.id}
            disabled={!d.isNew}
            onChange={(e) => set({ id: e.target.value })}
            data-testid="kafka-id"
          />
        </Field>
        <Field
          label="Brokers (host:port, comma separated)"
          path="source.brokers"
          errors={{ 'source.brokers': anyOf('source.brokers', 'source.brokers.0') ?? '' }}
          wide
        >
          <input
            value={d.brokers}
            placeholder="kafka1.plant:9093, kafka2.plant:9093"
            onChange={(e) => set({ brokers: e.target.value })}
            data-testid="kafka-brokers"
          />
        </Field>
        <Field
          label="Topics (comma separated)"
          path="source.topics"
          errors={{ 'source.topics': anyOf('source.topics', 'source.topics.0') ?? '' }}
          wide
        >
          <input value={d.topics} onChange={(e) => set({ topics: e.target.value })} data-testid="kafka-topics" />
        </Field>
        <Field label="Consumer group" path="source.groupId" errors={errors}>
          <input value={d.groupId} onChange={(e) => set({ groupId: e.target.value })} data-testid="kafka-group" />
        </Field>
        <Field label="Payload format" path="source.format" errors={errors}>
          <select
            value={d.format}
            onChange={(e) => set({ format: e.target.value as KafkaDraft['format'] })}
            data-testid="kafka-format"
          >
            <option value="json">JSON</option>
            <option value="csv">CSV line</option>
            <option value="sparkplug">Sparkplug B (bridged)</option>
          </select>
        </Field>
        {d.format === 'csv' && (
          <>
            <Field label="CSV separator" path="source.csv.separator" errors={errors}>
              <input value={d.csvSeparator} maxLength={1} onChange={(e) => set({ csvSeparator: e.target.value })} />
            </Field>
            <Field label="CSV columns, in order" path="source.csv.columns" errors={errors} wide>
              <input
                value={d.csvColumns}
                onChange={(e) => set({ csvColumns: e.target.value })}
                data-testid="kafka-csv-columns"
              />
            </Field>
          </>
        )}
        <Field label="Dead-letter topic (optional)" path="source.dlqTopic" errors={errors}>
          <input value={d.dlqTopic} onChange={(e) => set({ dlqTopic: e.target.value })} data-testid="kafka-dlq" />
        </Field>
        <Field label="Partitions processed at once" path="source.partitionsConsumedConcurrently" errors={errors}>
          <input
            inputMode="numeric"
            value={d.partitionsConsumedConcurrently}
            onChange={(e) => set({ partitionsConsumedConcurrently: e.target.value })}
          />
        </Field>
        <label className="srcset-inline">
          <input type="checkbox" checked={d.fromBeginning} onChange={(e) => set({ fromBeginning: e.target.checked })} />
          A new group starts from the beginning of the topics
        </label>
      </div>
      <fieldset className="srcset-subsection">
        <legend>Security</legend>
        <div className="srcset-grid">
          <Field label="SSL" path="source.ssl" errors={errors}>
            <select
              value={d.ssl}
              onChange={(e) => set({ ssl: e.target.value as KafkaDraft['ssl'] })}
              data-testid="kafka-ssl"
            >
              <option value="off">off</option>
              <option value="on">on (system CAs)</option>
              <option value="files">on, with PEM files</option>
            </select>
          </Field>
          {d.ssl === 'files' && (
            <>
              <PemFileFields
                path="source.ssl"
                files={{ ca: d.sslCa, cert: d.sslCert, key: d.sslKey, rejectUnauthorized: d.rejectUnauthorized }}
                onChange={(f) =>
                  set({
                    ...(f.ca !== undefined && { sslCa: f.ca }),
                    ...(f.cert !== undefined && { sslCert: f.cert }),
                    ...(f.key !== undefined && { sslKey: f.key }),
                    ...(f.rejectUnauthorized !== undefined && { rejectUnauthorized: f.rejectUnauthorized }),
                  })
                }
                errors={errors}
                verifyLabel="Verify the brokers’ certificates"
              />
            </>
          )}
          <Field label="SASL" path="source.sasl.mechanism" errors={errors}>
            <select
              value={d.saslMechanism}
              onChange={(e) => set({ saslMechanism: e.target.value as KafkaDraft['saslMechanism'] })}
              data-testid="kafka-sasl"
            >
              <option value="">none</option>
              <option value="plain">PLAIN</option>
              <option value="scram-sha-256">SCRAM-SHA-256</option>
              <option value="scram-sha-512">SCRAM-SHA-512</option>
            </select>
          </Field>
          {d.saslMechanism && (
            <>
              <Field label="SASL user name" path="source.sasl.username" errors={errors}>
                <input
                  value={d.saslUsername}
                  autoComplete="off"
                  onChange={(e) => set({ saslUsername: e.target.value })}
                />
              </Field>
              <Field label="SASL password" path="source.sasl.password" errors={errors}>
                <SecretInput
                  value={d.saslPassword}
                  isSet={d.saslPasswordSet}
                  onChange={(saslPassword) => set({ saslPassword })}
                  testId="kafka-sasl-password"
                  moved={errors['source.sasl.password'] ? null : kafkaPasswordNeeded(d)}
                />
              </Field>
            </>
          )}
        </div>
      </fieldset>
      <OtherErrors errors={errors} shown={(p) => FIELDS.test(p)} />
    </div>
  );
}

export const kafkaSourceForm: SourceForm<'kafka', KafkaDraft> = {
  newDraft: newKafkaDraft,
  draftOf: kafkaDraftOf,
  params: kafkaParams,
  summary: (k) => `${k.brokers.join(', ')} · ${k.topics.join(', ')} · group ${k.groupId} · ${k.format}`,
  Form: KafkaForm,
};
