export { FraudAnalyzer, fraudAnalyzer, FRAUD_ANALYZER_VERSION, machineTiming } from './fraud.analyzer';
