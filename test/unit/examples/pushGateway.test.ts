/** The example gateway's own errors and configuration (its happy path runs against the app in test/integration/examples.test.ts). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { configFromEnv, fetchPushContent } from '../../../examples/push-gateway/gateway';

const APP_ID = '0d7d84bc-bffd-4d34-9e83-94bf115c777f';

describe('examples/push-gateway', () => {
    let server: http.Server;
    let serverUrl: string;
    let answer: { status: number; type: string; body: string };
    let requested: string | undefined;

    beforeAll(async () => {
        server = http.createServer((request, response) => {
            requested = request.url;
            response.writeHead(answer.status, { 'Content-Type': answer.type });
            response.end(answer.body);
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const config = () => ({ serverUrl, userId: 'u', authToken: 't' });

    it("asks the app's id by default and reads core's answer type", async () => {
        const notification = { title: '#ops', text: 'alice: hi', from: 'push', userId: 'a' };
        answer = { status: 200, type: 'application/json', body: JSON.stringify({ data: { message: {}, notification } }) };
        expect(await fetchPushContent(config(), 'm1')).toEqual({ title: '#ops', text: 'alice: hi' });
        expect(requested).toBe(`/api/apps/public/${APP_ID}/push.get?id=m1`);
    });

    it("names a wrong app id instead of a JSON parse error (the host's plain-text 404)", async () => {
        answer = { status: 404, type: 'text/plain', body: 'Not Found' };
        await expect(fetchPushContent({ ...config(), appId: 'wrong' }, 'm1')).rejects.toThrow(
            new Error(
                'push.get answered 404 with a non-JSON body "Not Found": is PUSH_SYNC_APP_ID the app\'s id, and is the app installed and enabled on that server?',
            ),
        );
    });

    it('says what came back for any other non-JSON answer', async () => {
        answer = { status: 502, type: 'text/html', body: '<html>Bad Gateway</html>' };
        await expect(fetchPushContent(config(), 'm1')).rejects.toThrow(
            new Error('push.get answered 502 with a non-JSON body "<html>Bad Gateway</html>"'),
        );
    });

    it("passes the app's errorType on", async () => {
        const body = { success: false, error: 'Message not found', errorType: 'error-message-not-found' };
        answer = { status: 400, type: 'application/json', body: JSON.stringify(body) };
        await expect(fetchPushContent(config(), 'm1')).rejects.toThrow(
            new Error('push.get answered 400 error-message-not-found'),
        );
    });

    it('treats an empty variable as missing', () => {
        const env = { ROCKETCHAT_URL: 'http://chat', RC_USER_ID: 'u', RC_AUTH_TOKEN: 't', PUSH_SYNC_APP_ID: '' };
        expect(configFromEnv(env)).toEqual({ serverUrl: 'http://chat', userId: 'u', authToken: 't', appId: undefined });
        expect(() => configFromEnv({ ROCKETCHAT_URL: 'http://chat', RC_AUTH_TOKEN: ' ' })).toThrow(
            new Error('RC_USER_ID, RC_AUTH_TOKEN are required (see examples/push-gateway/README.md)'),
        );
        expect(() => configFromEnv({ RC_USER_ID: 'u', RC_AUTH_TOKEN: 't' })).toThrow(
            new Error('ROCKETCHAT_URL is required (see examples/push-gateway/README.md)'),
        );
    });
});
