// The options of a Review device filter: "All devices" (value "") and every known device by name.
import { useAppStore } from '../../store/app-store';

export function DeviceOptions() {
  const devices = useAppStore((s) => s.devices);
  return (
    <>
      <option value="">All devices</option>
      {devices.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name || d.id}
        </option>
      ))}
    </>
  );
}
