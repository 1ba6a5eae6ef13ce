import { PushGetEndpoint } from '../../endpoints/PushGetEndpoint';
import type { FakeHost, Query } from './fakes';
import { callGet, fakeHost, fakeMessage, fakeRoom, fakeUser, JSON_HEADERS, UNAUTHORIZED } from './fakes';
import { forgetCachedSettings } from '../../host/settings';

const reader = fakeUser('reader');
const author = fakeUser('author');
const channel = fakeRoom('channel', 'c', author);
const group = fakeRoom('group', 'p', author);
const inChannel = fakeMessage('in-channel', channel, author, { text: 'hello' });
const inGroup = fakeMessage('in-group', group, author, { text: 'secret' });
/** Sent by a user whose record is gone since. */
const orphan = fakeMessage('orphan', channel, fakeUser('gone'), { text: 'left behind' });

/** A server where `reader` is subscribed to nothing: the channel is readable, the private group is not. */
function host(): FakeHost {
    return fakeHost({
        users: [reader, author],
        messages: [inChannel, inGroup, orphan],
        roomIdsByUser: { author: ['channel', 'group'] },
        serverSettings: {
            Site_Url: 'https://chat.example.com',
            uniqueID: 'unique-id',
            Language: 'en',
            Push_show_message: true,
            Push_show_username_room: true,
            UI_Use_Real_Name: false,
            UI_Allow_room_names_with_special_chars: false,
        },
    });
}

function pushGet(server: FakeHost, query: Query, user?: typeof reader) {
    return callGet((app) => new PushGetEndpoint(app), server, query, user);
}

describe('push.get, in-process: the order of checks', () => {
    // Each test is a server of its own: no settings kept from another test (the app caches them for a few seconds).
    beforeEach(forgetCachedSettings);

    it('1. no user: 401 before anything else, without a single host read', async () => {
        const server = host();
        for (const query of [{}, { id: 'in-group' }, { id: 'missing' }] as Query[]) {
            expect(await pushGet(server, query)).toEqual({ status: 401, headers: JSON_HEADERS, content: UNAUTHORIZED });
        }
        expect(server.calls).toEqual([]);
    });

    it('2. then the parameters, before the message is looked up', async () => {
        const server = host();
        expect(await pushGet(server, {}, reader)).toEqual({
            status: 400,
            headers: JSON_HEADERS,
            content: { success: false, error: "Match error: Missing key 'id'", errorType: 'error-invalid-params' },
        });
        expect(server.calls.filter((call) => call.startsWith('getMessageReader'))).toEqual([]);
    });

    it('3. then a missing message, whatever the caller may read', async () => {
        expect(await pushGet(host(), { id: 'missing' }, reader)).toEqual({
            status: 400,
            headers: JSON_HEADERS,
            content: { success: false, error: 'error-message-not-found', errorType: 'error-message-not-found' },
        });
    });

    it('4. then access: a private group the caller is not in', async () => {
        const server = host();
        expect(await pushGet(server, { id: 'in-group' }, reader)).toEqual({
            status: 400,
            headers: JSON_HEADERS,
            content: { success: false, error: 'error-not-allowed', errorType: 'error-not-allowed' },
        });
        expect(server.errors).toEqual([]);
    });

    it('5. then the work: the message and its notification', async () => {
        const server = host();
        const response = await pushGet(server, { id: 'in-channel' }, reader);
        expect(response.status).toBe(200);
        expect(response.headers).toEqual(JSON_HEADERS);
        expect(Object.keys(response.content)).toEqual(['data', 'success']);
        expect(response.content).toMatchObject({
            data: {
                message: { _id: 'in-channel', rid: 'channel', msg: 'hello', u: { _id: 'author', username: 'author' } },
                notification: { payload: { messageId: 'in-channel', rid: 'channel' } },
            },
            success: true,
        });
        expect(server.errors).toEqual([]);
    });

    it('a sender without a user record outside livechat: "Message sender not found", as core', async () => {
        expect(await pushGet(host(), { id: 'orphan' }, reader)).toEqual({
            status: 400,
            headers: JSON_HEADERS,
            content: { success: false, error: 'Message sender not found', errorType: 'error-message-sender-not-found' },
        });
    });

    it('an unexpected host failure is the internal-error body, with the cause only in the app log', async () => {
        const server = host();
        server.serverSettings = {};
        expect(await pushGet(server, { id: 'in-channel' }, reader)).toEqual({
            status: 500,
            headers: JSON_HEADERS,
            content: { success: false, error: 'Internal error [error-internal]', errorType: 'error-internal' },
        });
        expect(server.errors).toHaveLength(1);
        expect(String(server.errors[0][1])).toContain('the Site_Url or uniqueID server setting is not readable');
    });
});
