import { ApiKeyEntity } from './api-key.entity';
import { AuditLogEntity } from './audit-log.entity';
import { BackgroundRunEntity } from './background-run.entity';
import { ConversationAnalysisEntity } from './conversation-analysis.entity';
import { ConversationEntity } from './conversation.entity';
import { EngineConfigEntity } from './engine-config.entity';
import { InstanceSecretEntity } from './instance-secret.entity';
import { InvitationEntity } from './invitation.entity';
import { RetentionPolicyEntity } from './retention-policy.entity';
import { RollupEntity } from './rollup.entity';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';

export {
  ApiKeyEntity,
  AuditLogEntity,
  InvitationEntity,
  InstanceSecretEntity,
  RetentionPolicyEntity,
  BackgroundRunEntity,
  EngineConfigEntity,
  ConversationAnalysisEntity,
  ConversationEntity,
  RollupEntity,
  SessionEntity,
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
  BackgroundRunEntity,
  InvitationEntity,
  AuditLogEntity,
  RetentionPolicyEntity,
  InstanceSecretEntity,
];
