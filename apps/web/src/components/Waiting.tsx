/** Shown until the first snapshot has arrived. */
export function Waiting() {
  return <p className="muted waiting">Waiting for the first snapshot from the server…</p>;
}
