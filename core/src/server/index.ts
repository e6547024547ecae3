/** Server-only contracts: database entities, migrations, configuration. Never imported by the web app. */
export * from './config';
export * from './data-source';
export * from './entities';
export * from './password';
export { MIGRATIONS } from './migrations';
export * from './database-errors';
