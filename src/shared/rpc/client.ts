// The contract client of everything that holds the whole contract — the CLI talking to a running
// engine, Node tools and tests: each answer is checked with `requests[method].result` of
// contract/index.ts. The renderer builds its client with createContractClient and
// contract/result-resolver.ts instead, so that each view's schemas travel with the view.
import { isRequestName, requests, type ResultSchemas } from '../contract';
import { EngineError } from '../errors';
import { createContractClient, type ClientOptions, type ContractClient } from './contract-client';
import type { ClientChannel } from './protocol';

export type { ClientOptions, ContractClient, RequestOptions } from './contract-client';

const wholeContract: ResultSchemas = (method) =>
  isRequestName(method)
    ? requests[method].result
    : Promise.reject(new EngineError('UNKNOWN_METHOD', `no request ${String(method)} in the contract`));

export function createClient(channel: ClientChannel, options: ClientOptions = {}): ContractClient {
  return createContractClient(channel, wholeContract, options);
}
