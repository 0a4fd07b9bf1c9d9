export interface ActionError {
  key: string;
  message: string;
  dismiss: () => void;
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
