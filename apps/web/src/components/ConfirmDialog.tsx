import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ConfirmDialogProps {
  title: string;
  /** The words of the confirming button, e.g. "Restart supervisord on rocky51". */
  confirm: string;
  children: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question before an action that cannot be undone (native <dialog>: focus kept inside, Escape cancels). */
export function ConfirmDialog({ title, confirm, children, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="confirm" aria-labelledby={titleId} onCancel={onCancel} onClose={onCancel}>
      <h2 id={titleId} className="confirm__title">
        {title}
      </h2>
      <div className="confirm__body">{children}</div>
      <div className="confirm__buttons">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
