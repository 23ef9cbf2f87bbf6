/** Disclosure requests (依申请公开). So far: the statutory clock as pure rules over the calendar. */
export { computeClock, ruleSetFor, RULE_SETS, DEFAULT_CLOCK_OPTIONS, DeadlineRuleError, type ClockEvent, type ClockOptions, type ClockState, type Pause, type RuleSet } from './deadlines.js';
