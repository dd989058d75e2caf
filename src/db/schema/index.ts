export * from './users.js';
export * from './audit.js';
export * from './library.js';
export * from './workflow.js';
export * from './analytics.js';
export * from './evaluation.js';
