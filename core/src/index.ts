export * from './conversation.schema';
export * from './analysis';
export * from './queues';
export * from './metrics';
export * from './events';
export * from './roles';
export * from './api';
