import type {
  Distribution,
  RunningFailureStrategy,
  StartingFailureStrategy,
  StartingStrategy,
} from '@supfleet/protocol';
import type { Located } from './diagnostic-log';

/** What the reader keeps of a rules file: plain values, each element with its position. */

export type Selector = { kind: 'name'; name: string } | { kind: 'pattern'; pattern: string; regex: RegExp };

/** An `identifiers` element (or an alias body): the comma list, split and trimmed. */
export interface IdentifiersDefinition extends Located {
  items: string[];
}

export interface ReferenceDefinition extends Located {
  model: string;
}

export interface RunningFailureDefinition extends Located {
  value: RunningFailureStrategy;
}

/** The values one `program` or `model` element sets itself (absent = not set there). */
export interface ProgramFields {
  reference?: ReferenceDefinition;
  identifiers?: IdentifiersDefinition;
  required?: boolean;
  startSequence?: number;
  stopSequence?: number;
  waitExit?: boolean;
  waitExitTimeout?: number;
  expectedLoading?: number;
  startingFailureStrategy?: StartingFailureStrategy;
  runningFailureStrategy?: RunningFailureDefinition;
}

export interface AliasDefinition extends Located {
  name: string;
  body: IdentifiersDefinition;
}

export interface ModelDefinition extends Located {
  name: string;
  fields: ProgramFields;
}

export interface ProgramDefinition extends Located {
  selector: Selector;
  fields: ProgramFields;
}

export interface ApplicationFields {
  distribution?: Distribution;
  identifiers?: IdentifiersDefinition;
  startSequence?: number;
  stopSequence?: number;
  startingStrategy?: StartingStrategy;
  startingFailureStrategy?: StartingFailureStrategy;
  runningFailureStrategy?: RunningFailureDefinition;
  operationalStatus?: string;
}

export interface ApplicationDefinition extends Located {
  selector: Selector;
  fields: ApplicationFields;
  programs: ProgramDefinition[];
}

export interface RulesDocument {
  aliases: AliasDefinition[];
  models: ModelDefinition[];
  applications: ApplicationDefinition[];
}

/** How a selector reads in messages: `name "x"` or `pattern "x"`. */
export function describeSelector(selector: Selector): string {
  return selector.kind === 'name' ? `name "${selector.name}"` : `pattern "${selector.pattern}"`;
}
