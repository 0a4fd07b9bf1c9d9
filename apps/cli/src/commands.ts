import { actionCommands } from './action-commands';
import type { Command } from './command';
import { rulesCommands } from './rules-commands';
import { statusCommands } from './status-commands';
import { fleetCommands } from './fleet-commands';
import { tailCommand } from './tail-command';

/** Every supfleetctl command, in the order of supvisorsctl's help: status, rules, actions, logs. */
export const COMMANDS: readonly Command[] = [
  ...statusCommands.filter((c) => c.name !== 'conflicts'),
  ...rulesCommands,
  ...statusCommands.filter((c) => c.name === 'conflicts'),
  ...actionCommands,
  ...fleetCommands,
  tailCommand,
];
