export {
  detect,
  newAnomalyState,
  restoreAnomalyState,
  severityOf,
  DEFAULT_ANOMALY_OPTIONS,
  SEVERITY_THRESHOLDS,
} from './detector';
export type { AnomalyState, AnomalyResult, AnomalyOptions, AnomalySeverity } from './detector';
