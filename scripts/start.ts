/**
 * `npm start [-- --port N] [--no-demo] [--data file.json] [--seed N] [--host H] [--quiet] [--help]`: Push Sync's
 * launcher for the local workspace (packages/workspace/README.md#start-it). It hands the workspace's command line the
 * app's packaging (rebuilt only when the app's sources changed), the lines that show how to call push.get and
 * chat.syncThreadMessages, and the API explorer's description and title.
 */
import { runWorkspaceCli } from '@push-sync/workspace';
import { PUSH_SYNC_API_DOCS } from './apiExplorer';

runWorkspaceCli({
    apiDocs: PUSH_SYNC_API_DOCS,
    // Loaded only when needed: --help and a bad flag answer at once.
    packageApp: async () => (await import('./appPackage')).ensurePackaged(),
    describeApp: ({ base, demo }) => ({
        endpoints: [
            `push.get:                ${base}/push.get?id=<messageId>`,
            `chat.syncThreadMessages: ${base}/chat.syncThreadMessages?tmid=<id>&updatedSince=<date>`,
        ],
        demo: demo
            ? [
                  `curl ${demo.auth} "${base}/push.get?id=${demo.data.messages.channelMessage}"`,
                  `curl ${demo.auth} "${base}/chat.syncThreadMessages?tmid=${demo.data.messages.threadRoot}&updatedSince=2019-04-01T00:00:00.000Z"`,
              ]
            : [],
    }),
});
