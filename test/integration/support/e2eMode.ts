/**
 * Setup file of the `e2e` Jest project: its test files talk to the server named by RC_URL (test/integration/support/target.ts).
 * A global of the file's own context, so the integration project, in the same workers, stays local.
 */
(globalThis as { pushSyncTargetMode?: string }).pushSyncTargetMode = 'e2e';
