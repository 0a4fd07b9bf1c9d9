import type { ApplicationRules, ProgramRules } from '@supfleet/protocol';

/**
 * Rules as the fleet model consumes them. The rules-file reader implements it; the model never
 * parses anything itself, so a reloaded rules file is just a `rules:changed` event.
 */
export interface RulesResolver {
  applicationRules(application: string): ApplicationRules;
  programRules(application: string, program: string): ProgramRules;
}
