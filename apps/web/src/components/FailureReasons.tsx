/** Why the operational status is not green: failing processes, formula errors. */
export function FailureReasons({ reasons }: { reasons: readonly string[] }) {
  if (reasons.length === 0) return null;
  return (
    <ul className="reasons" aria-label="Failure reasons">
      {reasons.map((reason, index) => (
        <li key={`${index}:${reason}`}>{reason}</li>
      ))}
    </ul>
  );
}
