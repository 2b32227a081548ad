// The IPC channel names between the shell and the preload. The preload may import only
// src/shared, so the names themselves live in src/shared/preload-api.ts; this file is the
// shell's single reference to them.
//
// enginePort carries both directions: the preload sends an (empty) request on it, and the
// shell answers on it with a MessagePort to the engine — also unprompted, after the engine
// restarts.
import { PORT_MESSAGE } from '../../shared/preload-api';

export const IpcChannel = {
  enginePort: PORT_MESSAGE,
} as const;

export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];
