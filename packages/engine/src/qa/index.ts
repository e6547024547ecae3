export { QaAnalyzer, qaAnalyzer, QA_ANALYZER_VERSION } from './qa.analyzer';
