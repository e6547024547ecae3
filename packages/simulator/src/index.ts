/** The simulator: realistic conversations for demos and benchmarks. The bench loads this module at run time. */
export * from './datasets';
export * from './first-run';
export * from './generator';
export * from './history';
export * from './incidents';
export * from './ingest-client';
export * from './random';
export * from './simulate-args';
export * from './simulator';
export * from './timeline';
export * from './topics';
