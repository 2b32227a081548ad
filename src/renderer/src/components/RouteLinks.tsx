// Links down the display hierarchy from anything that names an alarm: an area to its wall
// (`#wall/<area>`, level 2) and a signal to its trend (`#device/<id>/<signal>`, level 4, at the
// alarm's time). Real links (the URL shows, a new tab works); a plain click moves within the
// app and adds a history entry, so Back returns to the alarm.
import type { MouseEvent, ReactNode } from 'react';
import { useAppStore } from '../store/app-store';
import './route-links.css';

/** The route (the store's device part) that opens a device on one signal (views/device/signal-route.ts reads it). */
export function signalRoute(deviceId: string, signal: string | undefined): string {
  return signal && signal !== '*' ? `${deviceId}/${signal}` : deviceId;
}

const plain = (e: MouseEvent) => e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;

export function AreaLink({ area, className, children }: { area: string; className?: string; children?: ReactNode }) {
  const showWall = useAppStore((s) => s.showWall);
  return (
    <a
      href={`#wall/${encodeURIComponent(area)}`}
      className={className ?? 'route-link'}
      data-testid="area-link"
      data-area={area}
      title={`Open the wall of area ${area}`}
      onClick={(e) => {
        e.stopPropagation();
        if (!plain(e)) return;
        e.preventDefault();
        showWall(area);
      }}
    >
      {children ?? area}
    </a>
  );
}

export function SignalLink({ deviceId, signal, at }: { deviceId: string; signal: string; at?: number }) {
  const openDevice = useAppStore((s) => s.openDevice);
  if (signal === '*') return <>device</>;
  return (
    <a
      href={`#device/${encodeURIComponent(deviceId)}/${encodeURIComponent(signal)}${at === undefined ? '' : `@${at}`}`}
      className="route-link"
      data-testid="signal-link"
      title={`Open the ${signal} trend`}
      onClick={(e) => {
        e.stopPropagation();
        if (!plain(e)) return;
        e.preventDefault();
        openDevice(signalRoute(deviceId, signal), at);
      }}
    >
      {signal}
    </a>
  );
}
