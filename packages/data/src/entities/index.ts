import { AlertDeliveryEntity, AlertRuleEntity } from './alert.entity';
import { ApiKeyEntity } from './api-key.entity';
import { AuditLogEntity } from './audit-log.entity';
import { BackgroundRunEntity } from './background-run.entity';
import { CoachingNoteEntity } from './coaching-note.entity';
import { ConversationAnalysisEntity } from './conversation-analysis.entity';
import { ConversationEntity } from './conversation.entity';
import { ConversationOriginalEntity } from './conversation-original.entity';
import { EngineConfigEntity } from './engine-config.entity';
import { FlagEntity, FlagEventEntity, FlagRollupEntity } from './flag.entity';
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
  CoachingNoteEntity,
  EngineConfigEntity,
  FlagEntity,
  FlagEventEntity,
  FlagRollupEntity,
  ConversationAnalysisEntity,
  ConversationEntity,
  ConversationOriginalEntity,
  RollupEntity,
  SessionEntity,
  UserEntity,
  AlertRuleEntity,
  AlertDeliveryEntity,
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
  ConversationOriginalEntity,
  FlagEntity,
  FlagEventEntity,
  FlagRollupEntity,
  RetentionPolicyEntity,
  InstanceSecretEntity,
  CoachingNoteEntity,
  AlertRuleEntity,
  AlertDeliveryEntity,
];
