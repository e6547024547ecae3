/** Injection tokens for the things that are not classes. */
export const CONFIG = Symbol('VigilConfig');
export const REDIS = Symbol('Redis');
