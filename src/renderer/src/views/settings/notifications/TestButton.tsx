// "Send test" for one channel: one attempt now, through the saved settings; shows what happened.
// With unsaved edits it is off: a test would try the old settings.
import { useState } from 'react';
import type { NotificationDelivery } from '../../../../../shared/contract/notifications';
import { useClient } from '../../../app/engine-context';

export function TestButton({ channel, unsaved }: { channel: string; unsaved: boolean }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async () => {
    setBusy(true);
    setResult(null);
    try {
      const d: NotificationDelivery = await client.request('notifications.test', { channel });
      setResult(
        d.status === 'sent'
          ? { ok: true, text: `Sent to ${d.target} (${d.attemptLog[0]?.detail ?? 'ok'})` }
          : { ok: false, text: `Failed: ${d.lastError ?? d.status}` },
      );
    } catch (err) {
      setResult({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="notify-test">
      <button
        type="button"
        className="button"
        disabled={busy || unsaved}
        title={unsaved ? 'Save first: a test uses the saved settings' : undefined}
        onClick={() => void run()}
        data-testid={`notify-test-${channel}`}
      >
        {busy ? 'Sending…' : 'Send test'}
      </button>
      {result && (
        <span
          className={result.ok ? 'notify-test-ok' : 'notify-test-failed'}
          role="status"
          data-testid={`notify-test-result-${channel}`}
        >
          {result.text}
        </span>
      )}
    </span>
  );
}
