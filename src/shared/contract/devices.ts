// The plant as the Wall sees it, in the contract: the engine's health, the device registry, the
// newest reading of every series and the live stream of readings, and the devices a source
// reported dead. Every method here is called before the first live tile, so this group is part
// of the first view (result-resolver.ts).
import { z } from 'zod';
import { Device, Health, Reading } from '../domain';

const NoParams = z.object({}).strict();

const DeviceDeath = z.object({ deviceId: z.string(), at: z.number() });

export const deviceRequests = {
  'engine.health': { params: NoParams, result: Health },
  'devices.list': { params: NoParams, result: z.array(Device) },
  'devices.get': { params: z.object({ id: z.string().min(1) }).strict(), result: Device },
  /** Devices a source reported dead (Sparkplug), with when: offline unless they spoke since. */
  'devices.deaths': { params: NoParams, result: z.array(DeviceDeath) },
  /** The newest reading of every series (of the given devices). */
  'live.snapshot': {
    params: z.object({ devices: z.array(z.string()).max(10_000).optional() }).strict(),
    result: z.array(Reading),
  },
} as const;

export const deviceStreams = {
  /** Live readings, coalesced to at most ~10 updates per second per series. */
  'live.readings': {
    params: z.object({ devices: z.array(z.string()).max(10_000).optional() }).strict(),
    event: z.object({ readings: z.array(Reading) }),
  },
  'engine.health': { params: NoParams, event: Health },
  'devices.deaths': { params: NoParams, event: DeviceDeath, resumable: true },
} as const;
