export * from './types.js';
export * from './validation/comment.js';
