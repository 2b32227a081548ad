// The structured answer the model writes for an alarm report: Ollama gets its JSON Schema as
// `format`, and the answer is validated with it (structured-chat.ts gives one retry).
//
// Decisions:
// - Only the fields the model decides, with the contract's enums (AlarmReport's severity,
//   category, confidence); everything else in a report (passages, model, hash, times) is the
//   engine's. Small models follow a small schema: no nesting beyond a list of {text, citations},
//   no length limits that would turn a wordy but correct answer into a retry.
// - Lists are bounded (the schema's maxItems) so a looping model stops; `citations` may be empty
//   in the schema (the engine removes invalid numbers and keeps the item), because refusing a
//   whole report for one uncited action would cost a retry on a slow CPU.
import { z } from 'zod';
import { ReportCategory, ReportSeverity } from '../../../../shared/contract/assistant';

const CitedItem = z.object({
  text: z.string().trim().min(1),
  citations: z.array(z.number().int()).max(10),
});

export const ReportAnswer = z.object({
  severity: ReportSeverity,
  category: ReportCategory,
  summary: z.string().trim().min(1),
  causes: z.array(CitedItem).max(6),
  actions: z.array(CitedItem).max(10),
  confidence: z.enum(['low', 'medium', 'high']),
});
export type ReportAnswer = z.infer<typeof ReportAnswer>;
