// What a view says when a query to the engine fails: the link being down and a timeout in an
// operator's words, anything else as the engine's own message. One place, so the Device view,
// the analytics panels and the heatmap say the same thing for the same failure.
import { EngineError } from '../../../shared/errors';

export function queryErrorText(err: unknown): string | null {
  if (!err) return null;
  if (err instanceof EngineError && err.code === 'UNAVAILABLE') return 'Not connected to the engine.';
  if (err instanceof EngineError && err.code === 'TIMEOUT') return 'The engine took too long to answer.';
  return err instanceof Error ? err.message : String(err);
}
