// Settings: one tab per configurable area (see settings-tabs.tsx). The tab shown is part of
// the route (#settings/<tab>), so a link or a reload opens the same tab; ←/→ move between
// tabs when the tab list has the focus (the WAI-ARIA tabs pattern). What the signed-in user's
// role may not read is explained instead of loaded; what it may read but not change is shown
// read-only (every control of the panel disabled), with the reason above it.
import type { KeyboardEvent } from 'react';
import { useAppStore } from '../../store/app-store';
import { useCanFn } from '../../auth/can';
import { SETTINGS_TABS, settingsTab, type SettingsTab } from './settings-tabs';
import './settings.css';

export function SettingsView() {
  const tabId = useAppStore((s) => s.settingsTab);
  const showSettings = useAppStore((s) => s.showSettings);
  const tab = settingsTab(tabId);
  const can = useCanFn();

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!tab || (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft')) return;
    event.preventDefault();
    const at = SETTINGS_TABS.indexOf(tab);
    const step = event.key === 'ArrowRight' ? 1 : SETTINGS_TABS.length - 1;
    const next = SETTINGS_TABS[(at + step) % SETTINGS_TABS.length]!;
    showSettings(next.id);
    document.getElementById(`settings-tab-${next.id}`)?.focus();
  };

  return (
    <section className="settings" aria-labelledby="settings-title" data-testid="settings">
      <h1 id="settings-title" className="view-title">
        Settings
      </h1>
      {tab ? (
        <>
          <div className="settings-tabs" role="tablist" aria-label="Settings" onKeyDown={onKeyDown}>
            {SETTINGS_TABS.map((t) => (
              <button
                key={t.id}
                id={`settings-tab-${t.id}`}
                type="button"
                role="tab"
                className="settings-tab"
                data-testid={`settings-tab-${t.id}`}
                aria-selected={t === tab}
                aria-controls="settings-panel"
                tabIndex={t === tab ? 0 : -1}
                onClick={() => showSettings(t.id)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div
            id="settings-panel"
            className="settings-panel"
            role="tabpanel"
            aria-labelledby={`settings-tab-${tab.id}`}
            data-testid={`settings-panel-${tab.id}`}
          >
            <p className="view-note">{tab.summary}</p>
            <TabBody tab={tab} see={tab.see && can(tab.see).reason} change={tab.change && can(tab.change).reason} />
          </div>
        </>
      ) : (
        <p className="view-empty">Nothing is configurable from the control room in this build.</p>
      )}
    </section>
  );
}

function TabBody({ tab, see, change }: { tab: SettingsTab; see?: string; change?: string }) {
  if (see)
    return (
      <p className="settings-refused" data-testid="settings-refused">
        {see}
      </p>
    );
  if (!change) return <tab.component />;
  return (
    <>
      <p className="settings-refused" data-testid="settings-read-only">
        Read only: {change.charAt(0).toLowerCase()}
        {change.slice(1)}
      </p>
      <fieldset className="settings-read-only" disabled title={change}>
        <tab.component />
      </fieldset>
    </>
  );
}
