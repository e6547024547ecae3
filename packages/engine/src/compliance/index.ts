export {
  ComplianceAnalyzer,
  complianceAnalyzer,
  compilePolicies,
  COMPLIANCE_ANALYZER_VERSION,
} from './compliance.analyzer';
