import 'reflect-metadata';
import { Redis } from 'ioredis';
import { Queue, type Worker } from 'bullmq';
import { QUEUE_NAMES, QueueName, type AlertDeliveryJob } from '@vigil/contracts';
import {
  AlertRepository,
  AnomalyRepository,
  AuditRepository,
  BackgroundRunRepository,
  CampaignRepository,
  CoachingReportBuilder,
  CoachingRepository,
  ConfigError,
  ConversationRepository,
  EngineConfigRepository,
  OutlierNormRepository,
  ReportFileRepository,
  ReportSubscriptionRepository,
  RetentionRepository,
  RollupMetrics,
  RollupRepository,
  ScoringRepository,
  createDataSource,
  loadConfig,
} from '@vigil/data';
import { DEFAULT_ENGINE_CONFIG } from '@vigil/engine';
import { AlertDeliveryService } from './alerts/alert-delivery.service';
import { AlertTriggers } from './alerts/alert-triggers';
import { AlertsService } from './alerts/alerts.service';
import { Mailer } from './delivery/mailer';
import { createAlertDeliveryProcessor, createAlertsProcessor } from './processors/alerts.processor';
import { createCampaignsProcessor } from './processors/campaigns.processor';
import { anomaliesRaisedHandler } from './anomalies/anomalies-raised';
import { AnomalyDetectionService } from './anomalies/anomaly-detection.service';
import { createDetectAnomaliesProcessor } from './anomalies/detect-anomalies.processor';
import { TopicDiscoveryService } from './discovery/topic-discovery.service';
import { createDiscoverTopicsProcessor } from './processors/discover-topics.processor';
import { createCoachingReportProcessor } from './processors/coaching-report.processor';
import { createRescoreProcessor } from './processors/rescore.processor';
import { createRetentionProcessor } from './processors/retention.processor';
import { createScheduledReportsProcessor } from './processors/scheduled-reports.processor';
import { createScoreProcessor } from './processors/score.processor';
import { CoachingReportsService } from './reports/coaching-reports.service';
import { RetentionService } from './retention/retention.service';
import { CampaignService } from './scoring/campaigns.service';
import { OutliersService } from './scoring/outliers.service';
import { EngineConfigSource } from './scoring/engine-config.source';
import { FlagsPublisher } from './scoring/flags-publisher';
import { MetricsPublisher } from './scoring/metrics-publisher';
import { RescoringService } from './scoring/rescoring.service';
import { ScoringService } from './scoring/scoring.service';
import { StageTimings } from './scoring/stage-timings';

/** The workers process: one processor per queue, started together, stopped together. */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = createDataSource({
    url: config.databaseUrl,
    poolSize: 10,
    applicationName: 'vigil-workers',
  });
  await dataSource.initialize();

  // BullMQ workers block on Redis, so they need a connection that retries forever.
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const publisher = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });

  const repository = new ScoringRepository(dataSource);
  const engineConfig = new EngineConfigSource(new EngineConfigRepository(dataSource, DEFAULT_ENGINE_CONFIG));
  const metrics = new MetricsPublisher(publisher, config.queuePrefix);
  const alertTriggers = new AlertTriggers(connection, config.queuePrefix);
  const flags = new FlagsPublisher(publisher, config.queuePrefix, alertTriggers);
  const timings =
    config.logLevel === 'debug' || config.logLevel === 'verbose' ? new StageTimings(console.log) : undefined;
  const campaigns = new CampaignService(new CampaignRepository(dataSource), config.campaigns);
  const outliers = new OutliersService(new OutlierNormRepository(dataSource));
  const scoring = new ScoringService(repository, engineConfig, metrics, flags, timings, campaigns, outliers);
  const runs = new BackgroundRunRepository(dataSource);
  const rescoring = new RescoringService(runs, repository, engineConfig, metrics, flags);
  const discovery = new TopicDiscoveryService(
    runs,
    new ConversationRepository(dataSource),
    engineConfig,
    config.discovery,
  );
  const reportFiles = new ReportFileRepository(dataSource);
  const retention = new RetentionService(
    runs,
    new RetentionRepository(dataSource),
    new AuditRepository(dataSource),
    { reportFiles },
  );
  const prefix = config.queuePrefix;
  const alertRepository = new AlertRepository(dataSource);
  const deliveryQueue = new Queue<AlertDeliveryJob>(QueueName.AlertDelivery, { connection, prefix });
  const alerts = new AlertsService(
    alertRepository,
    new RollupRepository(dataSource),
    deliveryQueue,
    config.alerts.publicUrl,
  );
  const mailer = config.smtp.url ? new Mailer({ url: config.smtp.url, from: config.smtp.from }) : null;
  const conversations = new ConversationRepository(dataSource);
  const coachingReports = new CoachingReportsService(
    new CoachingReportBuilder(
      new RollupMetrics(new RollupRepository(dataSource), conversations, engineConfig),
      new CoachingRepository(dataSource),
      conversations,
      engineConfig,
    ),
    runs,
    reportFiles,
    new ReportSubscriptionRepository(dataSource),
    mailer,
    config.reports,
  );
  const detection = new AnomalyDetectionService(
    new AnomalyRepository(dataSource),
    anomaliesRaisedHandler(publisher, prefix, alertTriggers),
    config.anomalies,
  );
  const processors: Record<QueueName, Worker> = {
    [QueueName.Score]: createScoreProcessor(scoring, repository, {
      connection,
      prefix,
      concurrency: config.workerConcurrency,
      batchSize: config.scoreBatchSize,
      batchWaitMs: config.scoreBatchWaitMs,
    }),
    [QueueName.Rescore]: await createRescoreProcessor(rescoring, { connection, prefix }),
    [QueueName.DiscoverTopics]: await createDiscoverTopicsProcessor(discovery, {
      connection,
      prefix,
      schedule: config.discovery.schedule,
    }),
    [QueueName.Retention]: await createRetentionProcessor(retention, {
      connection,
      prefix,
      schedule: config.retentionSchedule,
    }),
    [QueueName.Alerts]: await createAlertsProcessor(alerts, {
      connection,
      prefix,
      thresholdEverySeconds: config.alerts.thresholdEverySeconds,
    }),
    [QueueName.AlertDelivery]: createAlertDeliveryProcessor(
      new AlertDeliveryService(alertRepository, mailer),
      {
        connection,
        prefix,
      },
    ),
    [QueueName.DetectAnomalies]: await createDetectAnomaliesProcessor(detection, {
      connection,
      prefix,
      everySeconds: config.anomalies.everySeconds,
    }),
    [QueueName.CoachingReport]: createCoachingReportProcessor(coachingReports, { connection, prefix }),
    [QueueName.ScheduledReports]: await createScheduledReportsProcessor(coachingReports, {
      connection,
      prefix,
      everySeconds: config.reports.scheduleEverySeconds,
    }),
    [QueueName.Campaigns]: await createCampaignsProcessor(campaigns, {
      connection,
      prefix,
      everySeconds: config.campaigns.everySeconds,
    }),
  };
  // A queue of the job map without a processor would fill up silently: refuse to start instead.
  for (const name of QUEUE_NAMES) {
    if (!processors[name]) throw new Error(`no processor for queue "${name}"`);
  }
  for (const [name, worker] of Object.entries(processors)) {
    worker.on('error', (error) => console.error(`[${name}] ${error.message}`));
    void worker.run();
  }
  console.log(
    `workers ready: ${Object.keys(processors).join(', ')} (concurrency ${config.workerConcurrency})`,
  );

  const timingsReport = timings ? setInterval(() => timings.report(), 10_000) : undefined;
  timingsReport?.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing current jobs`);
    await Promise.all(Object.values(processors).map((w) => w.close()));
    await Promise.all([alertTriggers.close(), deliveryQueue.close()]);
    mailer?.close();
    await dataSource.destroy();
    connection.disconnect();
    publisher.disconnect();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
