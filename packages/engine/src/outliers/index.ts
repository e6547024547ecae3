export { measureConversation, type ConversationMeasures } from './measures';
export {
  EMPTY_NORM,
  OUTLIER_RULES,
  addToNorm,
  fromLogScale,
  judgeOutlier,
  learnedValue,
  mergeNorms,
  spreadOf,
  toLogScale,
  type Norm,
} from './norms';
export { judgeBatch, normPairs, type BatchJudgement, type OutlierSubject, type StoredNorm } from './batch';
