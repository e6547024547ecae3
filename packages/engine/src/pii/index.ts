export { PiiAnalyzer, piiAnalyzer, PII_ANALYZER_VERSION } from './pii.analyzer';
export { findPii } from './find-pii';
export { maskPii, maskSpans } from './mask-pii';
export type { PiiSpan } from './types';
