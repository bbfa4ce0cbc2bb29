/** `potok simulate`: scenarios, the simulator on the real runtime, and the table output. */
export { loadScenario, parseScenario, parseAnswerTime, ScenarioError, type Scenario, type ScenarioAnswer, type ScenarioJobOutcome, type AnswerTime } from './scenario.ts';
export { simulate, resolveTime, SHIPPED_MODEL_FILE, type SimulationOptions, type SimulationResult } from './simulator.ts';
export { isoInZone, type SimEvent, type SimEventType } from './sim-events.ts';
export { formatTable, eventDetails, type TableLanguage } from './table-format.ts';
