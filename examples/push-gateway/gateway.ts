/**
 * Push-gateway recipe: receive an id-only push and fetch its content through Push Sync's push.get.
 *
 * With "id only" push content (Rocket.Chat's Push_request_content_from_server), a push carries only the message id;
 * the device or a gateway must ask the server for the text. This gateway does exactly that for one account:
 *
 *     ROCKETCHAT_URL=https://chat.example.com RC_USER_ID=<userId> RC_AUTH_TOKEN=<token> \
 *         npx tsx examples/push-gateway/gateway.ts
 *
 *     curl -X POST -H 'Content-Type: application/json' -d '{"messageId":"<id>"}' http://127.0.0.1:8090/push
 *
 * For each push it prints one line with the notification's title and text, and answers them as JSON. No npm
 * packages at run time: only Node 20's http and fetch. The answer is typed with Rocket.Chat's own types (a dev-only,
 * type-only import), so a client written for core's `GET /api/v1/push.get` reads Push Sync's answer unchanged.
 */
import http from 'node:http';

import type { IMessage, IPushNotificationConfig } from '@rocket.chat/core-typings';

/** The app's id is the same on every server (the `id` in app.json). */
const PUSH_SYNC_APP_ID = '0d7d84bc-bffd-4d34-9e83-94bf115c777f';

export interface GatewayConfig {
    serverUrl: string;
    userId: string;
    authToken: string;
    appId?: string;
}

export interface PushContent {
    title: string;
    text: string;
}

/** The longest wait for a rate limit the gateway accepts before giving up on a push (seconds). */
const MAX_RETRY_AFTER_SECONDS = 60;

/** Core's answer type for `GET /api/v1/push.get` (rest-typings' PushEndpoints), which Push Sync answers too. */
export interface PushGetAnswer {
    data: { message: IMessage; notification: IPushNotificationConfig };
}

interface ErrorAnswer {
    success: false;
    error?: string;
    errorType?: string;
}

/** The body as JSON, or an error that says what came back instead (a wrong app id gives the host's plain 404). */
async function readJson(response: Response): Promise<unknown> {
    const text = await response.text();
    try {
        return JSON.parse(text);
    } catch {
        const hint =
            response.status === 404
                ? ": is PUSH_SYNC_APP_ID the app's id, and is the app installed and enabled on that server?"
                : '';
        throw new Error(`push.get answered ${response.status} with a non-JSON body ${JSON.stringify(text.slice(0, 80))}${hint}`);
    }
}

/**
 * Asks push.get for a message's notification; throws with the app's errorType when the server refuses. Over the rate
 * limit (429), it waits the `Retry-After` seconds the app sends (at most a minute) and asks once more.
 */
export async function fetchPushContent(config: GatewayConfig, messageId: string): Promise<PushContent> {
    const url = new URL(`/api/apps/public/${config.appId ?? PUSH_SYNC_APP_ID}/push.get`, config.serverUrl);
    url.searchParams.set('id', messageId);
    for (let attempt = 0; ; attempt++) {
        const response = await fetch(url, { headers: { 'X-User-Id': config.userId, 'X-Auth-Token': config.authToken } });
        const body = await readJson(response);
        const retryAfter = Number(response.headers.get('retry-after'));
        if (response.status === 429 && attempt === 0 && retryAfter > 0 && retryAfter <= MAX_RETRY_AFTER_SECONDS) {
            await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
            continue;
        }
        if (response.status !== 200) {
            const { errorType, error } = body as ErrorAnswer;
            throw new Error(`push.get answered ${response.status} ${errorType ?? error ?? ''}`.trim());
        }
        const { notification } = (body as PushGetAnswer).data;
        return { title: notification.title, text: notification.text };
    }
}

/** An HTTP endpoint `POST /push` with `{"messageId": "..."}`, as a push service would call it. */
export function createGateway(config: GatewayConfig, print: (line: string) => void = console.log): http.Server {
    return http.createServer((request, response) => {
        const answer = (status: number, body: object) => {
            response.writeHead(status, { 'Content-Type': 'application/json' });
            response.end(JSON.stringify(body));
        };
        if (request.method !== 'POST' || request.url !== '/push') {
            answer(404, { error: 'POST /push only' });
            return;
        }
        let raw = '';
        request.setEncoding('utf8');
        request.on('data', (chunk: string) => (raw += chunk));
        request.on('end', () => {
            let messageId: unknown;
            try {
                messageId = (JSON.parse(raw) as { messageId?: unknown }).messageId;
            } catch {
                messageId = undefined;
            }
            if (typeof messageId !== 'string' || messageId === '') {
                answer(400, { error: 'body must be {"messageId": "<id>"}' });
                return;
            }
            fetchPushContent(config, messageId).then(
                (content) => {
                    print(`${messageId}: ${content.title} | ${content.text}`);
                    answer(200, content);
                },
                (error: Error) => {
                    print(`${messageId}: ${error.message}`);
                    answer(502, { error: error.message });
                },
            );
        });
    });
}

/** The configuration from the environment; an empty variable counts as missing. Throws naming what is missing. */
export function configFromEnv(env: NodeJS.ProcessEnv): GatewayConfig {
    const value = (name: string) => env[name]?.trim() || undefined;
    const missing = ['ROCKETCHAT_URL', 'RC_USER_ID', 'RC_AUTH_TOKEN'].filter((name) => value(name) === undefined);
    if (missing.length > 0) {
        throw new Error(
            `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required (see examples/push-gateway/README.md)`,
        );
    }
    return {
        serverUrl: value('ROCKETCHAT_URL')!,
        userId: value('RC_USER_ID')!,
        authToken: value('RC_AUTH_TOKEN')!,
        appId: value('PUSH_SYNC_APP_ID'),
    };
}

if (require.main === module) {
    let config: GatewayConfig;
    try {
        config = configFromEnv(process.env);
    } catch (error) {
        console.error((error as Error).message);
        process.exit(1);
    }
    const port = Number(process.env.PORT || 8090);
    const gateway = createGateway(config);
    gateway.listen(port, '127.0.0.1', () => {
        const address = gateway.address() as { port: number };
        console.log(`push gateway listening on http://127.0.0.1:${address.port}/push`);
    });
    process.on('SIGTERM', () => gateway.close(() => process.exit(0)));
}
