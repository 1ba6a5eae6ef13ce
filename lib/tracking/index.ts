/** Deletion tracking, pure (docs/chat.syncThreadMessages.md#deletion-tracking): the public surface. */
export * from './coverage';
export * from './decisions';
export * from './events';
export * from './legacy';
export * from './records';
export * from './shards';
