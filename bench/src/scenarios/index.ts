export { defineScenarios } from './define-scenarios.js';
export type { LoadShape, Scenario, ScenarioId } from './scenario.js';
