// Checks a source beyond its schema, before anything running is touched: what the schema
// cannot know (other sources' ids, files on this machine, whether a broker URL is needed).
// Each problem is an issue with the field's path, like the schema's own.
import { accessSync, constants } from 'node:fs';
import type { KafkaSourceConfig, MqttSourceConfig, TlsConfig } from '../../../../shared/source-config';
import { csvColumnProblem } from '../decode-csv';
import { compileSubscription } from '../topic-template';

export interface Issue {
  path: string;
  message: string;
}

function tlsIssues(tls: TlsConfig | undefined, at: string): Issue[] {
  if (!tls) return [];
  const issues: Issue[] = [];
  for (const field of ['ca', 'cert', 'key'] as const) {
    const path = tls[field];
    if (path === undefined) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch (err) {
      issues.push({
        path: `${at}.${field}`,
        message: `cannot read ${path} on the engine's machine (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      });
    }
  }
  if (Boolean(tls.cert) !== Boolean(tls.key)) {
    issues.push({
      path: `${at}.${tls.cert ? 'key' : 'cert'}`,
      message: 'a client certificate needs both cert and key',
    });
  }
  return issues;
}

function idIssues(id: string, otherIds: ReadonlySet<string>): Issue[] {
  if (otherIds.has(id)) return [{ path: 'id', message: `another source is already called "${id}"` }];
  return [];
}

export function mqttIssues(s: MqttSourceConfig, otherIds: ReadonlySet<string>, embeddedBroker: boolean): Issue[] {
  const issues = idIssues(s.id, otherIds);
  if (!s.url && !embeddedBroker) {
    issues.push({ path: 'url', message: 'a broker URL is needed: the embedded broker is off' });
  }
  s.topics.forEach((t, i) => {
    try {
      compileSubscription(t, s.qos);
    } catch (err) {
      issues.push({ path: `topics.${i}${typeof t === 'string' ? '' : '.template'}`, message: (err as Error).message });
    }
  });
  issues.push(...tlsIssues(s.tls, 'tls'));
  return issues;
}

export function kafkaIssues(k: KafkaSourceConfig, otherIds: ReadonlySet<string>): Issue[] {
  const issues = idIssues(k.id, otherIds);
  if (k.format === 'csv') {
    const problem = csvColumnProblem(k.csv.columns);
    if (problem) issues.push({ path: 'csv.columns', message: problem });
  }
  if (k.dlqTopic && k.topics.includes(k.dlqTopic)) {
    issues.push({ path: 'dlqTopic', message: `${k.dlqTopic} is also consumed; rejected records would loop` });
  }
  if (typeof k.ssl === 'object') issues.push(...tlsIssues(k.ssl, 'ssl'));
  return issues;
}
