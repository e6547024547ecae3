/**
 * The data layer, shared by api and workers (server-only; never imported by the web app):
 * configuration, entities, migrations, and the repositories — plain classes over a TypeORM
 * DataSource, the only code that writes SQL.
 */
export * from './batcher';
export * from './config';
export * from './data-source';
export * from './entities';
export * from './password';
export { MIGRATIONS } from './migrations';
export * from './database-errors';
export * from './database.repository';
export * from './auth/auth.repository';
export * from './auth/ingest-key.repository';
export * from './auth/user.repository';
export * from './audit/audit.repository';
export * from './background-runs/background-run.repository';
export * from './conversations/conversation.repository';
export * from './conversations/scoring.repository';
export * from './engine-config/engine-config.repository';
export * from './flags/flag-candidates';
export * from './flags/flag-rollup';
export * from './flags/flag.repository';
export * from './jsonb';
export * from './rollups/rollup';
export * from './rollups/rollup.repository';
export * from './rollups/metric-query';
export * from './rollups/rollup-metrics';
export * from './retention/retention.repository';
export * from './reports/coaching.repository';
export * from './alerts/alert.repository';
export * from './anomalies/anomaly.repository';
export * from './fraud-risk/fraud-risk.repository';
export * from './campaigns/campaign.repository';
export * from './outliers/outlier-norm.repository';
export * from './signals/conversation-signals';
export * from './reports/coaching-pdf';
export * from './reports/coaching-report';
export * from './reports/report-file.repository';
export * from './reports/report-subscription.repository';
