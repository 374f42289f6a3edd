export * from './types.js';
export * from './validation/comment.js';
export * from './groups/invite-url.js';
export * from './groups/selection.js';
export * from './articles/reading-time.js';
export * from './links/safe-link.js';
export * from './comments/rules.js';
