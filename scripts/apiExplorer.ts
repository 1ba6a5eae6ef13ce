/**
 * What Push Sync's launcher tells the workspace about its API explorer (docs/openapi.md#the-api-explorer-in-the-local-workspace): the
 * description (docs/openapi.json, served pointed at the workspace), the page title, and which demo ids the explorer
 * prefills, so that Execute on the defaults answers 200.
 */
import path from 'node:path';

import type { ApiDocsOptions } from '@push-sync/workspace';

export const PUSH_SYNC_API_DOCS: ApiDocsOptions = {
    file: path.resolve(__dirname, '..', 'docs', 'openapi.json'),
    title: 'Push Sync API explorer',
    // push.get: the welcome message in #general; chat.syncThreadMessages: the thread in release-team (bruno is in both).
    demoExamples: (demo) => ({ id: demo.messages.channelMessage, tmid: demo.messages.threadRoot }),
};
