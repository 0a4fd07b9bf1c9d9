export { chooseInstance } from './choose-instance';
export type { ChooseOptions, Choice } from './choose-instance';
export { instanceLoad, nodeLoad } from './instance-load';
export type { PendingLoad } from './instance-load';
export { planApplicationStart, planApplicationStop } from './plan-application';
export type { Stage, StageTarget } from './plan-application';
export { planStartAll, planStopAll } from './plan-all';
export type { ApplicationStage } from './plan-all';
