import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { LogChannel } from '../api/fetch-log-tail';
import { useLogTail } from '../hooks/useLogTail';
import './log-panel.css';

interface LogPanelProps {
  namespec: string;
  /** The id the row's Logs button points to (aria-controls). */
  id: string;
  onClose: () => void;
}

const CHANNELS: readonly LogChannel[] = ['stdout', 'stderr'];

/** The live end of a process's stdout or stderr, as supervisord logs it, below the process table. */
export function LogPanel({ namespec, id, onClose }: LogPanelProps) {
  const titleId = useId();
  const [channel, setChannel] = useState<LogChannel>('stdout');
  const { view, message, loading } = useLogTail(namespec, channel);
  const sectionRef = useRef<HTMLElement>(null);
  const textRef = useRef<HTMLPreElement>(null);
  // Follow the end like `tail -f`, unless the reader scrolled up to read something.
  const followRef = useRef(true);

  useEffect(() => {
    sectionRef.current?.scrollIntoView({ block: 'nearest' });
  }, [namespec]);

  useLayoutEffect(() => {
    const text = textRef.current;
    if (text && followRef.current) text.scrollTop = text.scrollHeight;
  }, [view.text]);

  const onScroll = () => {
    const text = textRef.current;
    if (text) followRef.current = text.scrollHeight - text.scrollTop - text.clientHeight < 8;
  };

  const source = view.instance === null ? null : `${channel} of ${namespec} on ${view.instance}`;
  return (
    <section id={id} ref={sectionRef} className="logs" aria-labelledby={titleId}>
      <div className="logs__head">
        <h2 id={titleId} className="logs__title">
          Logs {namespec}
        </h2>
        {source && (
          <span className="muted logs__source">
            {channel} on {view.instance}
          </span>
        )}
        <div className="segmented" role="group" aria-label="Log channel">
          {CHANNELS.map((c) => (
            <button
              key={c}
              type="button"
              className="segmented__button"
              aria-pressed={channel === c}
              onClick={() => {
                followRef.current = true;
                setChannel(c);
              }}
            >
              {c}
            </button>
          ))}
        </div>
        <button type="button" className="button button--small logs__close" onClick={onClose}>
          Close
        </button>
      </div>
      {message && (
        <p className="logs__message" role="status">
          {message}
        </p>
      )}
      <pre
        ref={textRef}
        className="logs__text"
        role="log"
        // A ticking program would be read out line by line: the reader looks instead.
        aria-live="off"
        // Scrollable, so it must be reachable with the keyboard.
        tabIndex={0}
        aria-label={source ?? `${channel} of ${namespec}`}
        onScroll={onScroll}
      >
        {view.truncated && <span className="logs__note">[earlier output not shown]{'\n'}</span>}
        {view.text === '' ? (
          <span className="logs__note">{loading ? 'Reading the log…' : 'Nothing logged yet.'}</span>
        ) : (
          view.text
        )}
      </pre>
    </section>
  );
}
