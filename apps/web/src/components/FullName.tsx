import type { ReactNode } from 'react';

/**
 * A name that may be cut by its column: the whole of it on hover (title) and, for keyboard
 * users, on focus of what it holds (CSS shows data-full over the cell).
 */
export function FullName({ text, children }: { text: string; children?: ReactNode }) {
  return (
    <span className="full-name" title={text} data-full={text}>
      {children ?? text}
    </span>
  );
}
