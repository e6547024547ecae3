export { PiiAnalyzer, piiAnalyzer, PII_ANALYZER_VERSION } from './pii.analyzer';
export { findPii } from './find-pii';
export { maskConversation, maskPii, maskSpans } from './mask-pii';
export type { PiiSpan } from './types';
