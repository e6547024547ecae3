export { QaAnalyzer, qaAnalyzer, QA_ANALYZER_VERSION, customerUpsetAt } from './qa.analyzer';
