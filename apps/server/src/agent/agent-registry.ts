import type { AgentEventsBody, AgentHeartbeatBody } from '@supfleet/protocol';
import { systemClock, type Clock, type TimerHandle } from '../clock/clock';
import { DomainError } from '../errors';
import type { FleetModel } from '../fleet-model';
import type { StatsHistory } from '../stats/stats-history';
import { resolveAgentInstance } from './resolve-agent-instance';

/** What the registry asks of an instance's monitor. */
export interface AgentAware {
  /** These processes changed (an event said so): re-read them. */
  hint(namespecs: string[]): void;
  /** Something bigger changed (a group added or removed): read everything. */
  requestPoll(): void;
  /** The agent came or went: poll slowly (resync period) or as usual. */
  setAgent(alive: boolean): void;
}

/** An agent that missed this many heartbeats is gone. */
export const MISSED_HEARTBEATS = 3;
/** Before its first heartbeat, an agent's events alone keep it alive this long. */
const DEFAULT_PERIOD_MS = 5000;

interface Liveness {
  periodMs: number;
  timer: TimerHandle;
}

/**
 * The agents' side of the server: finds which instance a push is for, keeps each agent's
 * liveness (Instance.agent), passes events on to the monitor as hints and statistics to the history.
 */
export class AgentRegistry {
  readonly #alive = new Map<string, Liveness>();

  constructor(
    private readonly store: FleetModel,
    private readonly monitors: ReadonlyMap<string, AgentAware>,
    private readonly stats: StatsHistory,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Returns the instance the events were taken for. */
  events(body: AgentEventsBody): string {
    const id = this.#resolve(body);
    this.#seen(id, this.#alive.get(id)?.periodMs ?? DEFAULT_PERIOD_MS);
    const monitor = this.monitors.get(id)!;
    const namespecs = new Set<string>();
    let everything = false;
    for (const event of body.events) {
      if (event.event.startsWith('PROCESS_STATE') && event.group !== undefined && event.name !== undefined) {
        namespecs.add(`${event.group}:${event.name}`);
      } else if (event.event.startsWith('PROCESS_GROUP')) {
        everything = true;
      }
    }
    if (everything || (body.dropped ?? 0) > 0) monitor.requestPoll();
    else if (namespecs.size > 0) monitor.hint([...namespecs]);
    return id;
  }

  heartbeat(body: AgentHeartbeatBody): string {
    const id = this.#resolve(body);
    this.#seen(id, body.period * 1000);
    // Events were lost while the server was out of reach: what they said is read again.
    if ((body.dropped ?? 0) > 0) this.monitors.get(id)?.requestPoll();
    if (body.stats) {
      this.stats.record({
        instance: id,
        at: this.clock.now(),
        node: body.stats.node,
        processes: body.stats.processes,
      });
    }
    return id;
  }

  stop(): void {
    for (const liveness of this.#alive.values()) this.clock.cancel(liveness.timer);
    this.#alive.clear();
  }

  #resolve(body: { instance?: string; supervisor?: string }): string {
    // The instances of now: a reload may have added or removed some.
    const found = resolveAgentInstance(Object.values(this.store.state.instances), body);
    if ('error' in found) throw new DomainError('NOT_FOUND', found.error);
    return found.id;
  }

  #seen(id: string, periodMs: number): void {
    const known = this.#alive.get(id);
    if (known) this.clock.cancel(known.timer);
    const timer = this.clock.schedule(() => this.#gone(id), periodMs * MISSED_HEARTBEATS).unref();
    this.#alive.set(id, { periodMs, timer });
    if (!known) this.#changed(id, true);
  }

  #gone(id: string): void {
    this.#alive.delete(id);
    this.#changed(id, false);
  }

  #changed(id: string, alive: boolean): void {
    this.store.dispatch({ type: 'instance:agent', instance: id, alive });
    this.monitors.get(id)?.setAgent(alive);
  }
}
