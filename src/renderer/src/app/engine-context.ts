// Hands the contract client and the telemetry buffers to components without a module-level
// singleton, so a view can be rendered against any client (a second window, a test).
import { createContext, useContext } from 'react';
import type { ContractClient } from '../../../shared/rpc/client';
import type { TelemetryStore } from '../telemetry/telemetry-store';

export interface EngineContextValue {
  client: ContractClient;
  telemetry: TelemetryStore;
}

export const EngineContext = createContext<EngineContextValue | null>(null);

function useEngine(): EngineContextValue {
  const value = useContext(EngineContext);
  if (!value) throw new Error('EngineContext is missing: render inside <EngineContext value={…}>');
  return value;
}

export const useClient = (): ContractClient => useEngine().client;
export const useTelemetry = (): TelemetryStore => useEngine().telemetry;
