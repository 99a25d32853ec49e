/**
 * Fleets: one migrations folder deployed to, and checked on, many databases or tenant schemas.
 */
export {
  type DeployFleetOptions,
  type DeployFleetResult,
  deployFleet,
  type TargetDeployReport,
  type TargetDeployState,
} from './deploy-fleet.js';
export type { FleetEvent, FleetListener, TargetError } from './events.js';
export { DEFAULT_FLEET_CONCURRENCY, type FleetOptions, type FleetRun } from './run-fleet.js';
export {
  type StatusFleetOptions,
  type StatusFleetResult,
  statusFleet,
  statusState,
  type TargetStatusReport,
  type TargetStatusState,
} from './status-fleet.js';
export { type FleetTarget, parseTargets, readTargetsFile, targetName } from './targets.js';
export { type TargetsFromQueryOptions, targetsFromQuery } from './targets-from-query.js';
