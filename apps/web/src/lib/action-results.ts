/** The result of one action a user asked for: accepted (with what follows) or refused (with the server's reason). */
export interface ActionResult {
  id: number;
  ok: boolean;
  text: string;
  /** Epoch ms. */
  at: number;
}

type Listener = () => void;

/**
 * The results of the actions asked from this page, newest last: the footer shows the last one,
 * whatever the action and wherever it was asked. A tiny external store (useSyncExternalStore).
 */
export class ActionResults {
  #items: readonly ActionResult[] = [];
  #next = 1;
  readonly #listeners = new Set<Listener>();

  push(ok: boolean, text: string, at = Date.now()): ActionResult {
    const result = { id: this.#next++, ok, text, at };
    this.#items = [...this.#items.slice(-19), result];
    this.#emit();
    return result;
  }

  dismiss(id: number): void {
    const items = this.#items.filter((item) => item.id !== id);
    if (items.length === this.#items.length) return;
    this.#items = items;
    this.#emit();
  }

  readonly subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly snapshot = (): readonly ActionResult[] => this.#items;

  #emit() {
    for (const listener of this.#listeners) listener();
  }
}

export const actionResults = new ActionResults();

/** onSuccess / onError of a mutation that reports its result: `what` names the action ("restart scen1"). */
export function reportTo<V>(what: (variables: V) => string, results: ActionResults = actionResults) {
  return {
    onSuccess: (_data: unknown, variables: V) => {
      results.push(true, `${capitalize(what(variables))}: accepted`);
    },
    onError: (error: Error, variables: V) => {
      results.push(false, `Could not ${what(variables)}: ${error.message}`);
    },
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
