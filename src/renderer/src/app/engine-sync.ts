// Keeps the renderer in step with the engine. Streams are subscribed once (the client re-sends
// them after a reconnect); on every (re)connect the devices are reloaded and the trend buffers
// are re-seeded with the last five minutes of history, which also fills the gap a disconnection
// left. The alarm queue, floods and device deaths are loaded once: after a reconnect their
// streams resume where they stopped (the engine replays what was missed), and only when a stream
// cannot resume (its onReset: the place left the engine's window, or the engine restarted) is its
// snapshot loaded again. Live readings go to telemetry, everything else to the store. While the
// link is down the store says since when the data is stale (the last message heard).
import type { ContractClient } from '../../../shared/rpc/client';
import type { Alarm, Device, Reading } from '../../../shared/domain';
import { seriesKey } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import { useAppStore } from '../store/app-store';
import { LIVE_WINDOW_MS, type TelemetryStore } from '../telemetry/telemetry-store';

/** Points per series for the seed: plenty for a tile-wide sparkline, cheap to send. */
const SEED_MAX_POINTS = 300;
/** The contract caps a history query at 64 series. */
const SEED_BATCH = 64;
/** A reading from a device we do not know yet triggers a registry reload, at most this often. */
const DEVICE_RELOAD_MIN_MS = 5000;
/** Resets that arrive within this time share one reload. */
const RELOAD_AFTER_MS = 50;

type Store = typeof useAppStore;

export function startEngineSync(
  client: ContractClient,
  telemetry: TelemetryStore,
  store: Store = useAppStore,
): () => void {
  const { channel } = client;
  /** Bumped on every connect so a load that outlived its connection cannot overwrite a newer one. */
  let generation = 0;
  /** Alarm changes that arrive while the queue is loading, applied on top of the loaded list. */
  let heldAlarmChanges: Alarm[] | null = null;
  /** Bumped by every queue load: only the newest one's list and held changes count. */
  let alarmLoad = 0;
  /** The queue and the deaths were loaded once: from then on their streams keep them. */
  let alarmsLoaded = false;
  let deathsLoaded = false;
  let lastHeard = 0;
  const offHeard = channel.onMessage(() => {
    lastHeard = Date.now();
  });
  let knownSeries = new Set<string>();
  let knownFor: readonly Device[] | undefined;
  let lastDeviceReload = 0;

  const state = () => store.getState();

  const noticeUnknownSeries = (readings: readonly Reading[]) => {
    const devices = state().devices;
    if (!state().devicesLoaded) return;
    if (knownFor !== devices) {
      knownFor = devices;
      knownSeries = new Set(devices.flatMap((d) => d.signals.map((s) => seriesKey(d.id, s.key))));
    }
    const now = Date.now();
    if (now - lastDeviceReload < DEVICE_RELOAD_MIN_MS) return;
    if (readings.every((r) => knownSeries.has(seriesKey(r.deviceId, r.signal)))) return;
    lastDeviceReload = now;
    client.request('devices.list', {}).then((d) => state().setDevices(d), warn('devices.list'));
  };

  const subscriptions = [
    client.subscribe(
      'live.readings',
      {},
      ({ readings }) => {
        telemetry.append(readings);
        noticeUnknownSeries(readings);
      },
      ended('live.readings'),
    ),
    client.subscribe(
      'alarms.changes',
      {},
      ({ alarm }) => {
        if (heldAlarmChanges) heldAlarmChanges.push(alarm);
        else state().applyAlarm(alarm);
      },
      ended('alarms.changes'),
      () => reloadSoon('alarms'),
    ),
    client.subscribe(
      'alarms.flood',
      {},
      (flood) => state().applyFlood(flood),
      ended('alarms.flood'),
      () => reloadSoon('alarms'),
    ),
    client.subscribe('engine.health', {}, (health) => state().setHealth(health), ended('engine.health')),
    client.subscribe(
      'devices.deaths',
      {},
      (death) => state().applyDeath(death),
      ended('devices.deaths'),
      () => reloadSoon('deaths'),
    ),
  ];

  /** The alarm queue and floods from the engine; changes that arrive meanwhile are applied after. */
  async function loadAlarms(): Promise<void> {
    const mine = ++alarmLoad;
    heldAlarmChanges = [];
    try {
      const [alarms, floods] = await Promise.all([
        client.request('alarms.list', { limit: 5000 }),
        client.request('alarms.flood', {}),
      ]);
      if (mine === alarmLoad) {
        state().setAlarms(alarms);
        state().setFloods(floods);
        alarmsLoaded = true;
      }
    } finally {
      if (mine === alarmLoad) {
        const held = heldAlarmChanges ?? [];
        heldAlarmChanges = null;
        for (const a of held) state().applyAlarm(a);
      }
    }
  }

  async function loadDeaths(): Promise<void> {
    state().setDeaths(await client.request('devices.deaths', {}));
    deathsLoaded = true;
  }

  /**
   * A snapshot its stream could not keep up to date (a reset). The resets of one reconnect come
   * together (an engine restart resets the queue's two streams): one reload serves them all, and
   * a lost link loads again on 'open'.
   */
  const reloadTimers: Partial<Record<'alarms' | 'deaths', ReturnType<typeof setTimeout>>> = {};
  function reloadSoon(what: 'alarms' | 'deaths'): void {
    if (what === 'alarms') alarmsLoaded = false;
    else deathsLoaded = false;
    if (reloadTimers[what] !== undefined) return;
    reloadTimers[what] = setTimeout(() => {
      reloadTimers[what] = undefined;
      if (channel.status !== 'open' || (what === 'alarms' ? alarmsLoaded : deathsLoaded)) return;
      (what === 'alarms' ? loadAlarms() : loadDeaths()).catch((err: unknown) => {
        if (err instanceof EngineError && err.code === 'UNAVAILABLE') return;
        warn(`reloading ${what}`)(err);
      });
    }, RELOAD_AFTER_MS);
  }

  const seedTelemetry = async (gen: number, devices: readonly Device[]) => {
    const series = devices.flatMap((d) => d.signals.map((s) => seriesKey(d.id, s.key)));
    const to = Date.now();
    const from = to - LIVE_WINDOW_MS;
    // The newest values first: a wall of hundreds of devices shows every value at once, and
    // the sparklines' five minutes (one query per 64 series) fill in behind them.
    telemetry.append(await client.request('live.snapshot', {}));
    if (gen !== generation) return;
    for (let i = 0; i < series.length; i += SEED_BATCH) {
      const batch = series.slice(i, i + SEED_BATCH);
      const points = await client.request('history.query', { series: batch, from, to, maxPoints: SEED_MAX_POINTS });
      if (gen !== generation) return;
      telemetry.seed(points);
    }
  };

  const load = async () => {
    const gen = ++generation;
    try {
      const [devices] = await Promise.all([
        client.request('devices.list', {}),
        deathsLoaded ? undefined : loadDeaths(),
        alarmsLoaded ? undefined : loadAlarms(),
      ]);
      if (gen !== generation) return;
      state().setDevices(devices);
      await seedTelemetry(gen, devices);
    } catch (err) {
      // Losing the connection mid-load is routine: the next 'open' loads again.
      if (err instanceof EngineError && err.code === 'UNAVAILABLE') return;
      warn('initial load')(err);
    }
  };

  const onStatus = (status: 'open' | 'closed') => {
    state().setConnection(status, lastHeard || undefined);
    if (status === 'open') void load();
  };
  const offStatus = channel.onStatus(onStatus);
  if (channel.status === 'open') onStatus('open');

  return () => {
    offStatus();
    offHeard();
    for (const timer of Object.values(reloadTimers)) clearTimeout(timer);
    for (const unsubscribe of subscriptions) unsubscribe();
  };
}

function warn(what: string) {
  return (err: unknown) => console.warn(`[watchfloor] ${what} failed`, err);
}

function ended(stream: string) {
  return (err?: EngineError) => {
    if (err) console.warn(`[watchfloor] the engine ended ${stream}`, err.code, err.message);
  };
}
