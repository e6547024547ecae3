/** The data layer, shared by api and workers (server-only; never imported by the web app): configuration, entities, migrations. */
export * from './config';
export * from './data-source';
export * from './entities';
export * from './password';
export { MIGRATIONS } from './migrations';
export * from './database-errors';
