// The tabs of Settings, in the order they are shown. Each area of the product that is
// configurable from the control room adds one entry here; the Settings view, its route
// (#settings/<id>) and its keyboard navigation follow from this list. Each tab names the call
// it reads with and the call it saves with: a user whose role may not read it sees why instead
// of the tab, one who may read but not save sees it read-only (SettingsView).
import type { ComponentType } from 'react';
import type { RequestName } from '../../../../shared/contract';
import { SourcesTab } from './sources/SourcesTab';
import { RulesTab } from './rules/RulesTab';
import { ModelsTab } from './models/ModelsTab';
import { NotificationsTab } from './notifications/NotificationsTab';
import { AssistantTab } from './assistant/AssistantTab';
import { ReviewTab } from './review/ReviewTab';
import { UsersTab } from './users/UsersTab';
import { EngineTab } from './engine/EngineTab';
import { AuditTab } from './audit/AuditTab';
import { AboutTab } from './about/AboutTab';
import { DisplayTab } from './display/DisplayTab';

export interface SettingsTab {
  /** Stable id, used in the URL: #settings/<id>. Letters, digits and dashes. */
  id: string;
  label: string;
  /** One line under the tab list saying what the tab changes and where it is stored. */
  summary: string;
  component: ComponentType;
  /** The call that loads the tab: who may not make it is told why instead. Without it the tab says so itself. */
  see?: RequestName;
  /** The call that saves it: who may not make it sees the tab read-only. */
  change?: RequestName;
}

/** Only the desktop app chooses its engine (window.watchfloor is its preload's bridge). */
const inDesktopApp = typeof window !== 'undefined' && window.watchfloor?.engine !== undefined;

export const SETTINGS_TABS: SettingsTab[] = [
  {
    id: 'sources',
    label: 'Sources',
    summary:
      'MQTT and Kafka sources, HTTP ingest, reading times, devices and auto-registration. Saved in the engine’s state database over the configuration file, and applied at once.',
    component: SourcesTab,
    see: 'sources.settings',
    change: 'sources.save',
  },
  {
    id: 'models',
    label: 'Models',
    summary:
      'Per-device multivariate models: train from clean history, compare a shadow version with the active one, activate, retire and roll back. Kept in the engine’s state database and data folder.',
    component: ModelsTab,
    see: 'models.list',
    change: 'models.activate',
  },
  {
    id: 'rules',
    label: 'Rules',
    summary:
      'Detection rules per device and signal: limits, rate of change, flatline, bad quality and offline, with priority and on/off delays. Saved in the engine’s state database and applied at once; every change is recorded.',
    component: RulesTab,
    see: 'rules.list',
    change: 'rules.save',
  },
  {
    id: 'notifications',
    label: 'Notifications',
    summary:
      'Where alarm notifications go (desktop, e-mail, webhooks), by priority, device, area and time of day, and what was delivered. Saved in the engine’s state database, overriding the configuration file.',
    component: NotificationsTab,
    see: 'notifications.settings.get',
    change: 'notifications.settings.set',
  },
  {
    id: 'assistant',
    label: 'Assistant',
    summary:
      'The assistant: the Ollama server and models, the site’s knowledge folders, background alarm reports, and the index’s and Ollama’s state. Saved in the engine’s state database, overriding the configuration file.',
    component: AssistantTab,
    see: 'assistant.settings.get',
    change: 'assistant.settings.set',
  },
  {
    id: 'review',
    label: 'Review',
    summary:
      'The causes an expert can give a label, in the order they are offered. Saved in the engine’s state database; labels keep the cause they were given.',
    component: ReviewTab,
    see: 'annotations.causes',
    change: 'annotations.setCauses',
  },
  {
    id: 'users',
    label: 'Users',
    summary:
      'Who may sign in and what they may do: users with their roles and plant areas, the sessions they hold, and API tokens for machine clients. Kept in the engine’s state database; administrators only.',
    component: UsersTab,
    see: 'users.list',
    change: 'users.create',
  },
  ...(inDesktopApp
    ? [
        {
          id: 'engine',
          label: 'Engine',
          summary:
            'Which engine this desktop works with: its own, or a central Watchfloor engine whose certificate you check and approve. Stored on this station.',
          component: EngineTab,
        },
      ]
    : []),
  {
    id: 'audit',
    label: 'Audit',
    summary:
      'The audit trail (administrators): every change, acknowledgement, sign-in, export, backup and restore, with who, from where and the outcome. Kept append-only and hash-chained in the engine’s state database.',
    // No `see` or `change`: the tab tells a non-administrator itself, and has nothing to save.
    component: AuditTab,
  },
  {
    id: 'display',
    label: 'Display',
    summary:
      'How this screen looks (theme, clock) — remembered by this browser or station — and which view each of the workstation’s displays shows, kept in the engine per workstation.',
    // No `see` or `change`: theme and clock are this screen's own; layouts say who may save them.
    component: DisplayTab,
  },
  {
    id: 'about',
    label: 'About & updates',
    summary:
      'The version this station runs and how it is kept current: signed updates from the feed or an offline bundle, installed only with an operator’s consent and never during an unacknowledged high alarm. Administrators choose the channel, feed and maintenance window; stored on this station.',
    component: AboutTab,
    // Everyone signed in may read it; each control says itself who may use it (check and install:
    // operators; settings and bundles: administrators).
    see: 'station.status',
  },
];

/** The tab for an id from the URL, or the first tab when it names none. */
export function settingsTab(id: string | null | undefined): SettingsTab | undefined {
  return SETTINGS_TABS.find((t) => t.id === id) ?? SETTINGS_TABS[0];
}
