export { createSimulation, type Simulation, type SimChanges, type SimCommandResult, type SimulationOptions } from './simulation';
export { UNIT_TRANSITIONS, isLegalTransition } from './units';
export { fastDistrictAt } from './geo-index';
