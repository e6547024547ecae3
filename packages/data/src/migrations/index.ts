import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { EngineConfig1764010000000 } from './1764010000000-engine-config';
import { QualityRollups1764020000000 } from './1764020000000-quality-rollups';
import { QaCriterionCounts1764030000000 } from './1764030000000-qa-criterion-counts';
import { TopicDiscovery1764040000000 } from './1764040000000-topic-discovery';
import { EvidenceTargets1764050000000 } from './1764050000000-evidence-targets';
import { BackgroundRuns1796400490716 } from './1796400490716-background-runs';
import { TeamAdministration1796500000000 } from './1796500000000-team-administration';
import { PiiOriginals1796600000000 } from './1796600000000-pii-originals';
import { Flags1796610000000 } from './1796610000000-flags';
import { Retention1796620000000 } from './1796620000000-retention';
import { Coaching1796630000000 } from './1796630000000-coaching';
import { AnalysisOutputJson1796650000000 } from './1796650000000-analysis-output-json';
import { RollupFillfactor1796660000000 } from './1796660000000-rollup-fillfactor';
import { Alerts1796690000000 } from './1796690000000-alerts';
import { Anomalies1796680000000 } from './1796680000000-anomalies';
import { Campaigns1796710000000 } from './1796710000000-campaigns';
import { CampaignPending1796730000000 } from './1796730000000-campaign-pending';
import { ReportFilesAndSubscriptions1796700000000 } from './1796700000000-report-files-and-subscriptions';
import { ConversationOutliers1796750000000 } from './1796750000000-conversation-outliers';
import { CampaignContactRecent1796760000000 } from './1796760000000-campaign-contact-recent';

/** In order. Generated or hand-written, always reviewed; only the API runs them. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  EngineConfig1764010000000,
  QualityRollups1764020000000,
  QaCriterionCounts1764030000000,
  TopicDiscovery1764040000000,
  EvidenceTargets1764050000000,
  BackgroundRuns1796400490716,
  TeamAdministration1796500000000,
  PiiOriginals1796600000000,
  Flags1796610000000,
  Retention1796620000000,
  Coaching1796630000000,
  AnalysisOutputJson1796650000000,
  RollupFillfactor1796660000000,
  Anomalies1796680000000,
  Alerts1796690000000,
  ReportFilesAndSubscriptions1796700000000,
  Campaigns1796710000000,
  CampaignPending1796730000000,
  ConversationOutliers1796750000000,
  CampaignContactRecent1796760000000,
];
