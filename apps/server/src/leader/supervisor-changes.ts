import type { CallOptions, SupervisorClient } from '@supfleet/supervisor-client';

/** A call made outside jobs that a follower hands to the leader instead of sending it. */
export type HandedCall = { call: 'clearProcessLogs'; namespec: string } | { call: 'restart' | 'shutdown' };

/** The gate a state-changing call passes just before it is sent (Leadership.fence). */
export interface Fence {
  /** Throws (FencedError) when the call must not be sent. */
  fence(what: string): void;
  /** While this replica follows: the leader's answer to the call (leader/action-forwarding.ts); null: send it here. */
  handOver?(instance: string, call: HandedCall): Promise<void> | null;
}

/** `forwarded`: the leader runs a call a follower handed over: sent here or refused, never handed on. */
interface SendOptions {
  forwarded?: boolean;
}

/**
 * Every call supfleet makes that changes a supervisord, and only those: each passes the fence
 * right before it is sent (synchronously, in the same turn as the send; a refusal rejects), so a replica that no longer leads sends none (docs/ha.md). The
 * reads stay on `monitor.client`; a test (supervisor-changes.test.ts) checks that no change is
 * sent through it.
 */
export class SupervisorChanges {
  constructor(
    private readonly client: SupervisorClient,
    private readonly gate: Fence,
  ) {}

  #handOver(call: HandedCall, options: SendOptions): Promise<void> | null {
    if (options.forwarded) return null;
    return this.gate.handOver?.(this.client.name ?? this.client.url, call) ?? null;
  }

  #pass(what: string): void {
    this.gate.fence(`${what} on ${this.client.name ?? this.client.url}`);
  }

  async startProcess(namespec: string, wait = false, options?: CallOptions): Promise<boolean> {
    this.#pass(`startProcess ${namespec}`);
    return await this.client.startProcess(namespec, wait, options);
  }

  async stopProcess(namespec: string, wait = false, options?: CallOptions): Promise<boolean> {
    this.#pass(`stopProcess ${namespec}`);
    return await this.client.stopProcess(namespec, wait, options);
  }

  async clearProcessLogs(namespec: string, options: SendOptions = {}): Promise<boolean> {
    const handed = this.#handOver({ call: 'clearProcessLogs', namespec }, options);
    if (handed) return handed.then(() => true);
    this.#pass(`clearProcessLogs ${namespec}`);
    return await this.client.clearProcessLogs(namespec);
  }

  /** supervisor.restart or supervisor.shutdown of the whole supervisord. */
  async supervisord(what: 'restart' | 'shutdown', options: SendOptions = {}): Promise<void> {
    const handed = this.#handOver({ call: what }, options);
    if (handed) return handed;
    this.#pass(`supervisor.${what}`);
    await this.client.call(`supervisor.${what}`);
  }
}
