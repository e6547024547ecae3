/** The scoring engine: pure analyzers over one conversation, usable by the workers, the API and the CLI. */
export * from './engine';
export * from './defaults';
export type { Analyzer, AnalyzerContext } from './analyzer';
export { ConversationWords } from './text/conversation-words';
export { ANALYZERS, inDependencyOrder } from './registry';
export { detectLanguage } from './language';
export {
  TopicsAnalyzer,
  topicsAnalyzer,
  TOPICS_ANALYZER_VERSION,
  discoverTopics,
  candidateToTopic,
  discoveryText,
  compileTaxonomy,
  getModel,
} from './topics';
export { QaAnalyzer, qaAnalyzer, QA_ANALYZER_VERSION, customerUpsetAt } from './qa';
export {
  PiiAnalyzer,
  piiAnalyzer,
  PII_ANALYZER_VERSION,
  findPii,
  maskConversation,
  maskPii,
  maskSpans,
} from './pii';
export type { PiiSpan } from './pii';
export {
  ComplianceAnalyzer,
  complianceAnalyzer,
  compilePolicies,
  COMPLIANCE_ANALYZER_VERSION,
} from './compliance';
export { sentimentAnalyzer } from './sentiment/sentiment.analyzer';
/** The emotion model's internal heads, for the evaluation scripts. */
export { emotionHeads } from './sentiment/score-text';
export {
  detect,
  newAnomalyState,
  restoreAnomalyState,
  severityOf,
  DEFAULT_ANOMALY_OPTIONS,
  SEVERITY_THRESHOLDS,
} from './anomaly';
export type { AnomalyState, AnomalyResult, AnomalyOptions, AnomalySeverity } from './anomaly';
export { FraudAnalyzer, fraudAnalyzer, FRAUD_ANALYZER_VERSION, machineTiming } from './fraud';
export * from './campaigns';
export * from './outliers';
