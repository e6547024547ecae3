import { ApiKeyEntity } from './api-key.entity';
import { ConversationAnalysisEntity } from './conversation-analysis.entity';
import { ConversationEntity } from './conversation.entity';
import { EngineConfigEntity } from './engine-config.entity';
import { RescoreRunEntity } from './rescore-run.entity';
import { RollupEntity } from './rollup.entity';
import { SessionEntity } from './session.entity';
import { TopicDiscoveryRunEntity } from './topic-discovery-run.entity';
import { UserEntity } from './user.entity';

export {
  ApiKeyEntity,
  EngineConfigEntity,
  RescoreRunEntity,
  ConversationAnalysisEntity,
  ConversationEntity,
  RollupEntity,
  SessionEntity,
  TopicDiscoveryRunEntity,
  UserEntity,
};

export const ENTITIES = [
  ConversationEntity,
  ConversationAnalysisEntity,
  RollupEntity,
  UserEntity,
  SessionEntity,
  ApiKeyEntity,
  EngineConfigEntity,
  RescoreRunEntity,
  TopicDiscoveryRunEntity,
];
