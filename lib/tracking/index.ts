/** Deletion tracking, pure (docs/chat.syncThreadMessages.md, "How removals are tracked"): the public surface. */
export type { Coverage, PurgeCutoffRecord, RuntimeStartRecord } from './coverage';
export { readCoverage, supersededStarts } from './coverage';
export type { DeletionSettings, ReadBack, ThreadObservation } from './decisions';
export {
    COMPACT_AFTER_RECORDS,
    deletedReplyRecord,
    observeThread,
    purgeCutoff,
    purgeThread,
    removeItems,
    sentReplyRecord,
} from './decisions';
export { readLedger } from './ledger';
export { LEGACY_KINDS } from './legacy';
export type { LedgerRecord, RemovedReply, ReplyIdentity, ThreadLedger } from './records';
export { identityOf, LEDGER_KIND, ledgerRecord } from './records';
