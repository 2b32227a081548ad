// A link to the Dead letters view, for every source or filtered to one. It has a real href, so
// it reads, copies and opens in a new tab as a link, but a plain click is followed in place so
// that, like the header's buttons, switching views replaces the history entry.
import type { MouseEvent, ReactNode } from 'react';
import { useAppStore } from '../store/app-store';
import { hashForRoute } from '../store/view-slice';

interface DeadLettersLinkProps {
  source: string | null;
  className?: string;
  testId?: string;
  label?: string;
  warn?: boolean;
  children: ReactNode;
}

export function DeadLettersLink({ source, className, testId, label, warn, children }: DeadLettersLinkProps) {
  const showDeadLetters = useAppStore((s) => s.showDeadLetters);
  const href = hashForRoute(
    source ? { view: 'dead-letters', deviceId: null, source } : { view: 'dead-letters', deviceId: null },
  );
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    showDeadLetters(source);
  };
  return (
    <a
      href={href}
      className={className}
      data-testid={testId}
      data-warn={warn || undefined}
      aria-label={label}
      onClick={onClick}
    >
      {children}
    </a>
  );
}
