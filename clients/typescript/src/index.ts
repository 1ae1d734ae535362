// The package's public surface: everything generated from the contract (generated/src: APIs, models,
// runtime), plus the hand-written helpers beside it.
export * from '../generated/src/index.js';
export * from './errors.js';
export * from './configuration.js';
export * from './session.js';
export * from './transport.js';
export * from './policies.js';
export * from './webhooks.js';
