export { QaAnalyzer, qaAnalyzer, DEFAULT_SCORECARD, QA_ANALYZER_VERSION } from './qa.analyzer';
