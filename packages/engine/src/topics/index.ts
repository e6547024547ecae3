export { TopicsAnalyzer, topicsAnalyzer, TOPICS_ANALYZER_VERSION } from './topics.analyzer';
export { discoverTopics, candidateToTopic, discoveryText } from './discovery';
export { compileTaxonomy, getModel } from './model';
