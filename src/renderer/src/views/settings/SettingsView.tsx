// Settings: one tab per configurable area (see settings-tabs.tsx). The tab shown is part of
// the route (#settings/<tab>), so a link or a reload opens the same tab; ←/→ move between
// tabs when the tab list has the focus (the WAI-ARIA tabs pattern).
import type { KeyboardEvent } from 'react';
import { useAppStore } from '../../store/app-store';
import { SETTINGS_TABS, settingsTab } from './settings-tabs';
import './settings.css';

export function SettingsView() {
  const tabId = useAppStore((s) => s.settingsTab);
  const showSettings = useAppStore((s) => s.showSettings);
  const tab = settingsTab(tabId);

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
            <tab.component />
          </div>
        </>
      ) : (
        <p className="view-empty">Nothing is configurable from the control room in this build.</p>
      )}
    </section>
  );
}
