import type { AlertConfig, AlertEvent, SmtpConfig } from '../config/parse-alerts';
import {
  OPERATIONAL_STATUS_LABELS,
  type Application,
  type Instance,
  type Job,
  type Process,
} from '@supfleet/protocol';
import { systemClock, type Clock, type TimerHandle } from '../clock/clock';
import { jobsEnded, updated, type FleetChange } from '../fleet-change';
import type { FleetModel } from '../fleet-model';
import type { HistoryRecorder } from '../history/history-recorder';
import type { Logger } from '../logging/logger';
import { createChannel, type Channel } from './alert-channels';
import { headline, type AlertMessage } from './alert-message';
import { DEFAULT_DELIVERY, DeliveryQueue, type DeliveryOptions } from './delivery-queue';

/** Where a condition stands: bad since when, its debounce timer, whether it was told. */
interface Condition {
  bad: boolean;
  timer: TimerHandle | null;
  fired: boolean;
  /** What to say when it fires, as of the last change. */
  firing: AlertMessage;
}

interface Rule {
  config: AlertConfig;
  queue: DeliveryQueue;
  conditions: Map<string, Condition>;
}

type Subject = Pick<
  AlertMessage,
  'event' | 'summary' | 'detail' | 'application' | 'instance' | 'process' | 'job'
>;

export interface AlertEngineOptions {
  logger: Logger;
  history?: HistoryRecorder;
  delivery?: DeliveryOptions;
  /** The channel of an alert (tests may give their own receiver); by default from its config. */
  channelFor?: (config: AlertConfig) => Channel;
  /** The debounce timers and the time of the messages; a test drives a fake one. */
  clock?: Clock;
  /** Told of each message delivered or given up on (metrics). */
  onDelivery?: (alert: string, channel: string, delivered: boolean) => void;
}

/**
 * Watches the store for what the `[supfleet:alert:NAME]` sections ask: an application's LED
 * turning orange or red (not while a job runs on it: a restart someone asked for alerts
 * nothing), an instance lost, a conflict, a failed job. A condition alerts only when it
 * outlasts the alert's debounce, and then says "resolved" when it ends. Delivery is queued per
 * alert and never awaited here.
 */
export class AlertEngine {
  readonly #rules: Rule[];
  readonly #unsubscribe: () => void;
  readonly #clock: Clock;

  constructor(
    store: FleetModel,
    configs: readonly AlertConfig[],
    smtp: SmtpConfig | null,
    private readonly options: AlertEngineOptions,
  ) {
    this.#clock = options.clock ?? systemClock;
    this.#rules = configs.map((config) => {
      const log = options.logger.child({ alert: config.name, channel: config.channel });
      const channel = options.channelFor?.(config) ?? createChannel(config, smtp);
      const queue = new DeliveryQueue(
        channel,
        log,
        options.delivery ?? DEFAULT_DELIVERY,
        this.#clock,
        (message, delivered) => {
          options.onDelivery?.(config.name, config.channel, delivered);
          if (!delivered) this.#record(message, `alert ${config.name} not delivered: ${headline(message)}`);
        },
      );
      return { config, queue, conditions: new Map<string, Condition>() };
    });
    const onChange = (change: FleetChange) => this.#onChange(change);
    store.on('change', onChange);
    this.#unsubscribe = () => store.off('change', onChange);
  }

  dispose(): void {
    this.#unsubscribe();
    for (const rule of this.#rules) {
      for (const condition of rule.conditions.values()) this.#clock.cancel(condition.timer ?? undefined);
      rule.queue.stop();
    }
  }

  #onChange(change: FleetChange): void {
    const { applications } = change.after.fleet;
    for (const instance of updated(change, 'instances')) this.#onInstance(instance);
    for (const process of updated(change, 'processes'))
      if (applications[process.application]?.managed) this.#onProcess(process);
    for (const application of updated(change, 'applications')) this.#onApplication(application);
    for (const job of jobsEnded(change)) if (job.state === 'failed') this.#onFailedJob(job);
    const { removedInstances, removedProcesses, removedApplications } = change.changes;
    for (const id of removedInstances) this.#removed(`instance:${id}`, `${id} removed from the fleet`);
    for (const namespec of removedProcesses) this.#removed(`conflict:${namespec}`, `${namespec} removed`);
    for (const name of removedApplications) this.#removed(`application:${name}`, `${name} removed`);
  }

  /**
   * What a condition was about is gone (a reload removed the instance, the rules the
   * application, a supervisord the program): it can no more end by itself, so it ends here.
   */
  #removed(key: string, summary: string): void {
    for (const rule of this.#rules) {
      const condition = rule.conditions.get(key);
      if (!condition) continue;
      this.#clock.cancel(condition.timer ?? undefined);
      rule.conditions.delete(key);
      if (condition.fired)
        this.#send(rule, {
          ...condition.firing,
          state: 'resolved',
          summary,
          detail: '',
          at: this.#clock.now(),
        });
    }
  }

  #onApplication(application: Application): void {
    const bad =
      application.managed &&
      application.jobId === null &&
      (application.status === 'degraded' || application.status === 'not-operational');
    this.#condition('application', `application:${application.name}`, application.name, bad, {
      summary: `${application.name} ${OPERATIONAL_STATUS_LABELS[application.status]}`,
      detail: application.reasons.join('\n'),
      application: application.name,
      instance: null,
      process: null,
      job: null,
    });
  }

  #onInstance(instance: Instance): void {
    const bad = instance.state === 'SILENT';
    this.#condition('instance', `instance:${instance.id}`, null, bad, {
      summary: `${instance.id} ${bad ? 'lost' : 'back'}`,
      detail: bad ? (instance.error ?? '') : `${instance.id} is ${instance.state}`,
      application: null,
      instance: instance.id,
      process: null,
      job: null,
    });
  }

  /** A process of a managed application. */
  #onProcess(process: Process): void {
    this.#condition('conflict', `conflict:${process.namespec}`, process.application, process.conflict, {
      summary: process.conflict
        ? `${process.namespec} runs on ${process.runningOn.join(' and ')} (conflict)`
        : `${process.namespec}: conflict ended`,
      detail: process.conflict
        ? 'resolve it on the application page, or with POST /api/v1/conflicts/…/resolve'
        : '',
      application: process.application,
      instance: null,
      process: process.namespec,
      job: null,
    });
  }

  #onFailedJob(job: Job): void {
    const target = job.target.type === 'all' ? 'all applications' : job.target.name;
    const application = job.target.type === 'all' ? null : job.target.name.split(':')[0]!;
    for (const rule of this.#rules) {
      if (!this.#wants(rule.config, 'job', application)) continue;
      this.#send(rule, {
        alert: rule.config.name,
        event: 'job',
        state: 'firing',
        summary: `${job.kind} of ${target} failed`,
        detail: job.error ?? '',
        application,
        instance: null,
        process: job.target.type === 'process' ? job.target.name : null,
        job: job.id,
        at: job.endedAt ?? this.#clock.now(),
      });
    }
  }

  #wants(config: AlertConfig, event: AlertEvent, application: string | null): boolean {
    if (!config.events.includes(event)) return false;
    return application === null || config.applications === null || config.applications.includes(application);
  }

  /** A condition of every rule that wants it moved to bad or good. */
  #condition(
    event: AlertEvent,
    key: string,
    application: string | null,
    bad: boolean,
    subject: Omit<Subject, 'event'>,
  ) {
    for (const rule of this.#rules) {
      if (!this.#wants(rule.config, event, application)) continue;
      const message: AlertMessage = {
        alert: rule.config.name,
        event,
        state: 'firing',
        at: this.#clock.now(),
        ...subject,
      };
      let condition = rule.conditions.get(key);
      if (!condition) {
        if (!bad) continue;
        condition = { bad: false, timer: null, fired: false, firing: message };
        rule.conditions.set(key, condition);
      }
      if (bad) {
        condition.firing = message;
        if (condition.bad) continue;
        condition.bad = true;
        const fire = () => {
          const current = condition;
          current.timer = null;
          if (!current.bad || current.fired) return;
          current.fired = true;
          this.#send(rule, current.firing);
        };
        if (rule.config.debounceMs === 0) fire();
        else {
          condition.timer = this.#clock.schedule(fire, rule.config.debounceMs).unref();
        }
      } else {
        this.#clock.cancel(condition.timer ?? undefined);
        rule.conditions.delete(key);
        if (condition.fired) this.#send(rule, { ...message, state: 'resolved' });
      }
    }
  }

  #send(rule: Rule, message: AlertMessage): void {
    this.#record(message, `alert ${rule.config.name}: ${headline(message)}`);
    rule.queue.send(message);
  }

  #record(message: AlertMessage, text: string): void {
    this.options.history?.record({
      kind: 'alert',
      application: message.application,
      instance: message.instance,
      process: message.process,
      actor: null,
      message: text,
      data: { alert: message.alert, event: message.event, state: message.state, job: message.job },
    });
  }
}
