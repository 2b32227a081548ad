// The assistant beside an alarm or a device: the alarm's report (when there is an alarm),
// "Explain this alarm", and free questions with the alarm or device as context. Citations open
// the passage in the document viewer; a passage about another alarm selects that alarm (when
// the host can, `onAlarm`) or shows its text in the passage list. Escape anywhere in the panel
// cancels an answer on its way. Loaded lazily by its hosts (AlarmDetails, the Device view):
// nothing of it is in the Wall's first view.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Passage } from '../../../../shared/contract/assistant';
import { AlarmReportSection } from './AlarmReportSection';
import { AskSection } from './AskSection';
import { DocumentViewer, type ViewerTarget } from './DocumentViewer';
import { useAsk } from './use-ask';
import './assistant.css';

export const EXPLAIN_ALARM =
  'Explain this alarm: what does it probably mean, what should I check first, and what does the runbook say to do?';

export interface AssistantPanelProps {
  alarmId?: number;
  deviceId?: string;
  /** Selects another alarm (a passage about a past alarm); without it the passage's text is shown. */
  onAlarm?: (alarmId: number) => void;
  /** Changes when the host wants the focus in the panel (the queue's E key). */
  focusRequest?: number;
}

export function AssistantPanel({ alarmId, deviceId, onAlarm, focusRequest }: AssistantPanelProps) {
  const asking = useAsk({ alarmId, deviceId });
  const [viewing, setViewing] = useState<ViewerTarget | null>(null);
  const root = useRef<HTMLElement>(null);

  useEffect(() => {
    if (focusRequest !== undefined) root.current?.focus();
  }, [focusRequest]);

  const openPassage = useCallback(
    (p: Passage) => {
      if (p.kind === 'document') {
        setViewing({ chunkId: p.ref });
        return;
      }
      if (p.alarmId !== null && onAlarm) {
        onAlarm(p.alarmId);
        return;
      }
      // No way to select the alarm here: open the passage list at it.
      const item = root.current?.querySelector<HTMLElement>(`[data-testid="passage"][data-ref="${CSS.escape(p.ref)}"]`);
      const list = item?.closest('details');
      if (list) list.open = true;
      item?.scrollIntoView({ block: 'nearest' });
    },
    [onAlarm],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && asking.streaming) {
      event.preventDefault();
      event.stopPropagation();
      asking.cancel();
    }
  };

  return (
    <section
      ref={root}
      className="assistant-panel"
      aria-label="Assistant"
      tabIndex={-1}
      onKeyDown={onKeyDown}
      data-testid="assistant-panel"
      data-alarm-id={alarmId}
      data-device-id={deviceId}
    >
      {alarmId !== undefined && <AlarmReportSection alarmId={alarmId} onCite={openPassage} />}
      <AskSection asking={asking} onCite={openPassage} explain={alarmId !== undefined ? EXPLAIN_ALARM : undefined} />
      {viewing && <DocumentViewer target={viewing} onClose={() => setViewing(null)} />}
    </section>
  );
}
