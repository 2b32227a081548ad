// Device deaths a source reports outright (Sparkplug NDEATH/DDEATH): the device is offline at
// that instant, not after the silence rule's 30 s. The last death per device is kept; a
// device is back as soon as a reading newer than its death arrives, which clients judge from
// their own latest readings.
export interface DeviceDeath {
  deviceId: string;
  at: number;
}

export class DevicePresence {
  private readonly deaths = new Map<string, number>();
  private readonly listeners = new Set<(death: DeviceDeath) => void>();

  report(deviceIds: readonly string[], at: number): void {
    for (const deviceId of deviceIds) {
      this.deaths.set(deviceId, at);
      for (const l of this.listeners) l({ deviceId, at });
    }
  }

  list(): DeviceDeath[] {
    return [...this.deaths].map(([deviceId, at]) => ({ deviceId, at }));
  }

  onDeath(listener: (death: DeviceDeath) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
