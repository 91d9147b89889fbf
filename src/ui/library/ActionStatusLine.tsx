import { useEffect, useState } from 'react';
import type { ActionStatus } from './useLibraryAction';

/**
 * The result of the last action, at the bottom of the screen; a live region, so screen readers
 * announce it. Undo (when offered) reverses the action. It hides itself after a while.
 */
export function ActionStatusLine({
  status,
  onDismiss,
}: {
  status: ActionStatus | null;
  onDismiss: () => void;
}) {
  const [undoing, setUndoing] = useState(false);
  useEffect(() => {
    if (!status || status.failed) return;
    const timer = setTimeout(onDismiss, 8000);
    return () => {
      clearTimeout(timer);
    };
  }, [status, onDismiss]);

  return (
    <div className="action-status" role="status">
      {status && (
        <p className={status.failed ? 'error' : undefined}>
          {status.message}
          {status.undo && (
            <button
              type="button"
              className="link"
              disabled={undoing}
              onClick={() => {
                setUndoing(true);
                void status.undo?.().finally(() => {
                  setUndoing(false);
                  onDismiss();
                });
              }}
            >
              Undo
            </button>
          )}
          <button type="button" className="link" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </p>
      )}
    </div>
  );
}
