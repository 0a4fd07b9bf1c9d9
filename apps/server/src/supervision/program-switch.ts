import type { DisabledProgramsAnswer, Job } from '@supfleet/protocol';
import type { Clock } from '../clock/clock';
import { DomainError } from '../errors';
import type { FleetModel } from '../fleet-model';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { DisabledPrograms } from '../store/disabled';

/** Hands an enable / disable to the leader while this replica follows; null: done here. */
export type SwitchForward = (
  action:
    | { type: 'disable'; namespec: string; instances?: string[]; by: string }
    | { type: 'enable'; namespec: string; instances?: string[] },
  options: { wait: boolean },
) => Promise<SwitchResult> | null;

export interface SwitchResult {
  namespec: string;
  /** Instances whose flag changed (empty: it already was so, an idempotent request). */
  changed: string[];
  /** disable: the job stopping it where it ran on those instances, if any. */
  job: Job | null;
}

/**
 * enable / disable of a program on instances (Supvisors' enable / disable): kept in the database,
 * given to the fleet model (every choice of instance then refuses a disabled one), and a disable
 * stops the process where it runs there, as Supvisors does.
 */
export class ProgramSwitch {
  constructor(
    private readonly store: FleetModel,
    private readonly disabled: DisabledPrograms,
    private readonly orchestrator: Orchestrator,
    private readonly clock: Clock,
    private readonly replicas: {
      /** While this replica follows: the leader does it. */
      forward?: SwitchForward;
      /** Told after this replica changed the database (the leader tells the followers). */
      changed?: () => void;
    } = {},
  ) {}

  /** Gives the fleet model what the database holds (at start). */
  load(): Promise<void> {
    return this.#publish();
  }

  list(): Promise<DisabledProgramsAnswer> {
    return this.disabled.list();
  }

  /** `instances` empty or absent: every instance that defines the program. */
  async disable(
    namespec: string,
    instances: readonly string[] | undefined,
    by: string,
    options: { wait: boolean; forwarded?: boolean },
  ): Promise<SwitchResult> {
    const targets = this.#targets(namespec, instances);
    const handed = options.forwarded
      ? null
      : this.replicas.forward?.(
          { type: 'disable', namespec, instances: targets, by },
          { wait: options.wait },
        );
    if (handed) return this.#published(handed);
    const now = this.clock.now();
    const changed = await this.#changed(targets, (instance) =>
      this.disabled.disable(namespec, instance, by, now),
    );
    await this.#publish();
    this.replicas.changed?.();
    const runningThere = this.store.state.processes[namespec]!.runningOn.filter((id) => targets.includes(id));
    const job =
      runningThere.length === 0
        ? null
        : await this.orchestrator.stopProcessOn(namespec, runningThere, {
            wait: options.wait,
            actor: by,
            cause: `${namespec} disabled on ${runningThere.join(', ')} by ${by}`,
          });
    return { namespec, changed, job };
  }

  async enable(
    namespec: string,
    instances: readonly string[] | undefined,
    options: { forwarded?: boolean } = {},
  ): Promise<SwitchResult> {
    const targets = this.#targets(namespec, instances);
    const handed = options.forwarded
      ? null
      : this.replicas.forward?.({ type: 'enable', namespec, instances: targets }, { wait: false });
    if (handed) return this.#published(handed);
    const changed = await this.#changed(targets, (instance) => this.disabled.enable(namespec, instance));
    await this.#publish();
    this.replicas.changed?.();
    return { namespec, changed, job: null };
  }

  /** The leader changed the database: this replica's fleet model follows at once. */
  async #published(handed: Promise<SwitchResult>): Promise<SwitchResult> {
    const result = await handed;
    await this.#publish();
    return result;
  }

  /** The instances whose flag the change did change, one write after the other. */
  async #changed(targets: string[], change: (instance: string) => Promise<boolean>): Promise<string[]> {
    const changed: string[] = [];
    for (const instance of targets) if (await change(instance)) changed.push(instance);
    return changed;
  }

  #targets(namespec: string, instances: readonly string[] | undefined): string[] {
    const process = this.store.state.processes[namespec];
    if (!process) throw new DomainError('NOT_FOUND', `unknown process ${namespec}`);
    if (!instances || instances.length === 0) return [...process.definedOn];
    for (const instance of instances) {
      if (!this.store.state.instances[instance])
        throw new DomainError('NOT_FOUND', `unknown instance ${instance}`);
      if (!process.definedOn.includes(instance))
        throw new DomainError('NOT_FOUND', `${namespec} is not defined on ${instance}`);
    }
    return [...new Set(instances)];
  }

  async #publish(): Promise<void> {
    const disabled: Record<string, string[]> = {};
    for (const { namespec, instance } of await this.disabled.list())
      (disabled[namespec] ??= []).push(instance);
    this.store.dispatch({ type: 'programs:disabled', disabled });
  }
}
