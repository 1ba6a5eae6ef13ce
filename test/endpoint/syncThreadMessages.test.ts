import { SyncThreadMessagesEndpoint } from '../../endpoints/SyncThreadMessagesEndpoint';
import type { FakeHost, Query } from './fakes';
import { callGet, fakeHost, fakeMessage, fakeRoom, fakeUser, JSON_HEADERS, UNAUTHORIZED } from './fakes';
import { forgetCachedSettings } from '../../host/settings';

const SINCE = '2019-04-01T00:00:00.000Z';

const reader = fakeUser('reader');
const author = fakeUser('author');
const channel = fakeRoom('channel', 'c', author);
const group = fakeRoom('group', 'p', author);
const ROOT_FIELDS = { unmapped: { tcount: 2, tlm: new Date('2024-01-02T00:00:00.000Z') } };
const channelRoot = fakeMessage('channel-root', channel, author, ROOT_FIELDS);
const groupRoot = fakeMessage('group-root', group, author, ROOT_FIELDS);
const replies = ['r1', 'r2'].map((id, index) =>
    fakeMessage(id, channel, author, {
        threadId: 'channel-root',
        text: `reply ${index}`,
        updatedAt: new Date(`2024-01-0${index + 2}T00:00:00.000Z`),
    }),
);

/** `reader` is subscribed to nothing: the channel's thread is readable, the private group's is not. */
function host(): FakeHost {
    return fakeHost({
        users: [reader, author],
        messages: [channelRoot, groupRoot, ...replies],
        // As the host answers: the root, then root and replies in natural order.
        threads: { 'channel-root': [channelRoot, channelRoot, ...replies], 'group-root': [groupRoot, groupRoot] },
        roomIdsByUser: { author: ['channel', 'group'] },
        serverSettings: { Threads_enabled: true },
    });
}

function sync(server: FakeHost, query: Query, user?: typeof reader) {
    return callGet((app) => new SyncThreadMessagesEndpoint(app), server, query, user);
}

const badRequest = (error: string, errorType: string) => ({
    status: 400,
    headers: JSON_HEADERS,
    content: { success: false, error, errorType },
});

describe('chat.syncThreadMessages, in-process: the order of checks', () => {
    // Each test is a server of its own: no settings kept from another test (the app caches them for a few seconds).
    beforeEach(forgetCachedSettings);

    it('1. no user: 401 before anything else, without a single host read', async () => {
        const server = host();
        for (const query of [{}, { tmid: 'group-root', updatedSince: SINCE }, { tmid: 'missing' }] as Query[]) {
            expect(await sync(server, query)).toEqual({ status: 401, headers: JSON_HEADERS, content: UNAUTHORIZED });
        }
        expect(server.calls).toEqual([]);
    });

    it('2. then the required parameters, before the thread is looked up', async () => {
        const server = host();
        expect(await sync(server, { updatedSince: SINCE }, reader)).toEqual(
            badRequest('The required "tmid" query param is missing. [error-invalid-params]', 'error-invalid-params'),
        );
        expect(await sync(server, { tmid: 'missing' }, reader)).toEqual(
            badRequest(
                'The required param "updatedSince" is missing. [error-updatedSince-param-invalid]',
                'error-updatedSince-param-invalid',
            ),
        );
        expect(await sync(server, { tmid: 'group-root', updatedSince: 'yesterday' }, reader)).toEqual(
            badRequest(
                'The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]',
                'error-updatedSince-param-invalid',
            ),
        );
        expect(server.calls.filter((call) => call.startsWith('getThreadReader'))).toEqual([]);
    });

    it('3. then a missing thread root, whatever the caller may read', async () => {
        expect(await sync(host(), { tmid: 'missing', updatedSince: SINCE }, reader)).toEqual(
            badRequest('Invalid Message [error-invalid-message]', 'error-invalid-message'),
        );
    });

    it('4. then access: a thread in a private group the caller is not in; nothing is read or stored for it', async () => {
        const server = host();
        expect(await sync(server, { tmid: 'group-root', updatedSince: SINCE }, reader)).toEqual(
            badRequest('Not Allowed [error-not-allowed]', 'error-not-allowed'),
        );
        expect(server.calls.filter((call) => call.startsWith('getThreadReader'))).toEqual([]);
        expect(server.records).toEqual([]);
    });

    it('5. then the work: every reply updated since the date, nothing removed yet', async () => {
        const server = host();
        const response = await sync(server, { tmid: 'channel-root', updatedSince: SINCE }, reader);
        expect(response.status).toBe(200);
        expect(response.headers).toEqual(JSON_HEADERS);
        const content = response.content as { messages: { update: Array<{ _id: string; tmid: string; msg: string }> } };
        expect(content.messages.update.map(({ _id, tmid, msg }) => ({ _id, tmid, msg }))).toEqual([
            { _id: 'r1', tmid: 'channel-root', msg: 'reply 0' },
            { _id: 'r2', tmid: 'channel-root', msg: 'reply 1' },
        ]);
        expect(response.content).toMatchObject({
            messages: { remove: [] },
            offset: 0,
            total: { update: 2, remove: 0 },
            success: true,
        });
        expect(server.errors).toEqual([]);
    });

    it('Threads_enabled false comes right after the 401, before the parameters', async () => {
        const server = host();
        server.serverSettings = { Threads_enabled: false };
        expect(await sync(server, {}, reader)).toEqual(badRequest('Threads Disabled [error-not-allowed]', 'error-not-allowed'));
    });
});
