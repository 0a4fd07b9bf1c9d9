export interface ActionError {
  key: string;
  message: string;
  dismiss: () => void;
}

interface Mutation<V> {
  error: Error | null;
  variables: V | undefined;
  reset: () => void;
}

/** A refused mutation as an alert line, `Could not <what>: <the server's reason>`; null while it has not failed. */
export function refusal<V>(
  key: string,
  mutation: Mutation<V>,
  what: (variables: V) => string,
): ActionError | null {
  if (!mutation.error || mutation.variables === undefined) return null;
  return {
    key,
    message: `Could not ${what(mutation.variables)}: ${mutation.error.message}`,
    dismiss: mutation.reset,
  };
}

/** The refusals that are there. */
export function refusals(...items: readonly (ActionError | null)[]): ActionError[] {
  return items.filter((item): item is ActionError => item !== null);
}

/** Why an action was refused, as the server said it; rendered only when there is something to say. */
export function ActionAlert({ errors }: { errors: readonly ActionError[] }) {
  if (errors.length === 0) return null;
  return (
    <div role="alert" className="alert">
      {errors.map((error) => (
        <p key={error.key} className="alert__item">
          <span>{error.message}</span>
          <button type="button" className="alert__dismiss" aria-label="Dismiss" onClick={error.dismiss}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
