import type { ReactNode } from 'react';

interface ListSectionProps<T> {
  /** The heading's id, so that the table can be labelled by it. */
  headingId: string;
  title: string;
  /** What is listed, in the plural: "Cannot list the {what}". */
  what: string;
  empty: string;
  list: { isError: boolean; error: Error | null; data: readonly T[] | undefined };
  children: (items: readonly T[]) => ReactNode;
}

/** A section listing what a REST query answers: its error, loading, empty, or the items. */
export function ListSection<T>({ headingId, title, what, empty, list, children }: ListSectionProps<T>) {
  return (
    <section className="section">
      <h2 id={headingId}>{title}</h2>
      {list.isError ? (
        <p role="alert" className="alert">
          Cannot list the {what}: {list.error?.message}
        </p>
      ) : !list.data ? (
        <p className="muted">Loading…</p>
      ) : list.data.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        children(list.data)
      )}
    </section>
  );
}
