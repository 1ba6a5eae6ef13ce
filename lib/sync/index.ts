/** What other parts of lib/ and the endpoints use of the sync modules. */
export type { OptionalSyncParams, RequiredSyncParams } from './params';
export { checkRequiredSyncParams, parseOptionalSyncParams, parseRequiredSyncParams } from './params';
export { buildSyncResult } from './response';
export type { MessageDoc } from './threadSnapshot';
export { threadSnapshot, timeOf, updatedAfter } from './threadSnapshot';
