import { readFileSync } from 'node:fs';

import type { Exchange } from '../integration/support/openapiConformance';
import { OPENAPI_PATH, OpenApiConformance } from '../integration/support/openapiConformance';

type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const APP = '/api/apps/public/0d7d84bc-bffd-4d34-9e83-94bf115c777f';
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const official: Json = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')).paths['/api/apps/public/{appId}/push.get'].get.responses[
    '200'
].content['application/json'].examples.official.value;
const METHOD_NOT_ALLOWED = {
    success: false,
    error: 'Method Not Allowed [error-method-not-allowed]',
    errorType: 'error-method-not-allowed',
};

/** A sync answer with a projected item (`fields`) and a removal. */
const PROJECTED_SYNC_ANSWER = {
    messages: {
        update: [{ _id: 'a', msg: 'hi' }],
        remove: [{ _id: 'b', _deletedAt: '2026-11-22T00:55:02.871Z', __collection__: 'message' }],
    },
    offset: 0,
    total: { update: 1, remove: 1 },
    trackingSince: '2026-11-22T00:54:38.110Z',
    success: true,
};

function exchange(
    overrides: Partial<Omit<Exchange, 'headers'>> & { headers?: Record<string, string>; body?: unknown },
): Exchange {
    const { headers, body, ...rest } = overrides;
    return {
        method: 'GET',
        pathname: `${APP}/push.get`,
        status: 200,
        headers: new Headers(headers ?? JSON_HEADERS),
        text: body === undefined ? '' : JSON.stringify(body),
        ...rest,
    };
}

describe('OpenAPI conformance checker', () => {
    const conformance = OpenApiConformance.fromRepository();
    const clone = (value: Json): Json => JSON.parse(JSON.stringify(value));

    describe('accepts', () => {
        it("core's official push.get answer", () => {
            expect(conformance.check(exchange({ body: official }))).toEqual([]);
        });

        it('the path as the host router takes it: any case, a trailing slash, the private router', () => {
            for (const pathname of [`${APP}/PUSH.GET/`, `/api/apps/private/some-app/some-hash/push.get`]) {
                expect(conformance.check(exchange({ pathname, body: official }))).toEqual([]);
            }
        });

        it('a 405 with Allow: GET, and a HEAD 405 without a body', () => {
            const headers = { ...JSON_HEADERS, allow: 'GET' };
            expect(conformance.check(exchange({ method: 'POST', status: 405, headers, body: METHOD_NOT_ALLOWED }))).toEqual([]);
            expect(conformance.check(exchange({ method: 'HEAD', status: 405, headers }))).toEqual([]);
        });

        it('a sync answer with a projected item and a removal', () => {
            const body = PROJECTED_SYNC_ANSWER;
            expect(conformance.check(exchange({ pathname: `${APP}/chat.syncThreadMessages`, body }))).toEqual([]);
        });

        it("the host's plain-text 404 for a disabled app", () => {
            const headers = { 'content-type': 'text/plain; charset=utf-8' };
            expect(conformance.check({ ...exchange({ status: 404, headers }), text: 'Not Found' })).toEqual([]);
        });
    });

    describe('refuses', () => {
        it('a status the description does not list for that operation', () => {
            expect(conformance.check(exchange({ status: 403, body: { success: false } }))).toEqual([
                'status 403 is not described for GET /api/apps/public/{appId}/push.get',
            ]);
        });

        it('a method the description does not list', () => {
            expect(conformance.check(exchange({ method: 'TRACE', status: 405 }))).toEqual([
                'TRACE is not described for /api/apps/public/{appId}/push.get',
            ]);
        });

        it("the host's plain-text 500 where JSON is described", () => {
            const headers = { 'content-type': 'text/plain; charset=utf-8' };
            expect(conformance.check({ ...exchange({ status: 500, headers }), text: "push.get's post not exists" })).toEqual([
                'content type "text/plain" is not described (application/json, text/html)',
            ]);
        });

        it('a 405 without the Allow header', () => {
            expect(conformance.check(exchange({ method: 'PUT', status: 405, body: METHOD_NOT_ALLOWED }))).toEqual([
                'header Allow is missing',
            ]);
        });

        it('a notification without notId, and one with a notId outside int32', () => {
            const missing = clone(official);
            delete missing.data.notification.notId;
            expect(conformance.check(exchange({ body: missing }))).toEqual([
                "body/data/notification must have required property 'notId'",
            ]);
            const tooLarge = clone(official);
            tooLarge.data.notification.notId = 2 ** 31;
            expect(conformance.check(exchange({ body: tooLarge }))).toEqual([
                'body/data/notification/notId must be <= 2147483647',
            ]);
        });

        it('a null standing in for an absent payload value, and an unknown key', () => {
            const body = clone(official);
            body.data.notification.payload.tmid = null;
            body.data.notification.extra = 1;
            expect(conformance.check(exchange({ body }))).toEqual([
                'body/data/notification must NOT have additional properties',
                'body/data/notification/payload/tmid must be string',
            ]);
        });

        it('a sync item that still carries e2e, and a total that is not a count', () => {
            const body = {
                messages: { update: [{ _id: 'a', e2e: 'pending' }], remove: [] },
                offset: 0,
                total: { update: -1, remove: 0 },
                trackingSince: '2026-11-22T00:54:38.110Z',
                success: true,
            };
            expect(conformance.check(exchange({ pathname: `${APP}/chat.syncThreadMessages`, body }))).toEqual([
                'body/messages/update/0/e2e boolean schema is false',
                'body/total/update must be >= 0',
            ]);
        });

        it('a sync answer missing identification keys when the request had no fields (strict default answer)', () => {
            const body = PROJECTED_SYNC_ANSWER;
            const pathname = `${APP}/chat.syncThreadMessages`;
            const schema = '(/components/schemas/SyncThreadMessagesDefaultSuccess)';
            expect(conformance.check(exchange({ pathname, body, query: new URLSearchParams('tmid=t') }))).toEqual([
                ...['rid', 'ts', 'u', '_updatedAt', 'tmid'].map(
                    (key) => `without fields, body/messages/update/0 must have required property '${key}' ${schema}`,
                ),
                ...['rid', 'tmid'].map(
                    (key) => `without fields, body/messages/remove/0 must have required property '${key}' ${schema}`,
                ),
            ]);
            const projected = new URLSearchParams({ tmid: 't', fields: '{"msg":1}' });
            expect(conformance.check(exchange({ pathname, body, query: projected }))).toEqual([]);
        });

        it('a 400 whose text is not one of the documented errors', () => {
            const body = { success: false, error: 'Something else', errorType: 'error-invalid-params' };
            const problems = conformance.check(exchange({ status: 400, body }));
            expect(problems).toContain('body must match exactly one schema in oneOf');
        });

        it('a body that is not JSON', () => {
            expect(conformance.check({ ...exchange({ status: 401 }), text: '<html>' })).toEqual(['the body is not JSON']);
        });
    });

    it('leaves paths it does not describe alone', () => {
        for (const pathname of [`${APP}/nope`, '/api/v1/push.get', '/api/apps/public/x/push.get/more']) {
            expect(conformance.check(exchange({ pathname }))).toBeUndefined();
        }
    });
});
