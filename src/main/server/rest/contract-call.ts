// The REST layer's only way into the engine: one contract request on behalf of the request's
// client, validated by the contract's own schema (invokeRequest). A validation error is
// re-worded in the URL's terms (maxPoints is `limit`) without the contract's request name, so
// the caller knows which parameter to fix.
import { badRequestIssues } from '../../../shared/bad-request';
import type { ParamsIn, RequestName, ResultOf } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';
import type { CallContext } from '../../../shared/rpc/call-context';
import { invokeRequest, type ContractHandlers } from '../../../shared/rpc/server';

/** Contract field → the query parameter it came from, e.g. `{ maxPoints: 'limit' }`. */
export type UrlNames = Readonly<Record<string, string>>;

/** The request's own keys, with values left for the contract to validate. */
export type RawParams<K extends RequestName> = { [P in keyof ParamsIn<K>]?: unknown };

function renamed(err: EngineError, urlNames: UrlNames): EngineError {
  const issue = badRequestIssues(err)[0];
  if (!issue) return err;
  // A rule across fields ('"from" must not be after "to"') is already worded for people.
  if (issue.path === '') return new EngineError('BAD_REQUEST', issue.message, err.details);
  const name = urlNames[issue.path.split('.')[0]!];
  if (name === undefined) return err;
  return new EngineError('BAD_REQUEST', `invalid "${name}": ${issue.message}`, {
    parameter: name,
    ...(err.details as object),
  });
}

export async function callContract<K extends RequestName>(
  handlers: ContractHandlers,
  context: CallContext,
  method: K,
  params: RawParams<K>,
  urlNames: UrlNames = {},
): Promise<ResultOf<K>> {
  try {
    return (await invokeRequest(handlers, method, params, context)) as ResultOf<K>;
  } catch (err) {
    if (err instanceof EngineError && err.code === 'BAD_REQUEST') throw renamed(err, urlNames);
    throw err;
  }
}
