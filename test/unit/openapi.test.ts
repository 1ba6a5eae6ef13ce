import { readFileSync } from 'node:fs';
import path from 'node:path';

import { validate } from '@readme/openapi-parser';

import { ApiError, INTERNAL_ERROR_BODY, METHOD_NOT_ALLOWED_BODY, UNAUTHORIZED_BODY } from '../../lib/envelope';
import { parseOptionalSyncParams } from '../../lib/sync/params';
import { OPENAPI_PATH, OpenApiConformance } from '../integration/support/openapiConformance';

type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const document = (): Json => JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
const PUSH = '/api/apps/public/{appId}/push.get';
const SYNC = '/api/apps/public/{appId}/chat.syncThreadMessages';
/** The parser's own document type is stricter than parsed JSON; it checks the shape itself. */
const validateDocument = (doc: Json) => validate(doc as unknown as Exclude<Parameters<typeof validate>[0], string>);
const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every media-type example in the description, with the pointer of the schema it illustrates. */
function examples(doc: Json): Array<{ where: string; schema: string; value: unknown }> {
    const found: Array<{ where: string; schema: string; value: unknown }> = [];
    const visitResponse = (pointer: string, response: Json) => {
        for (const [type, media] of Object.entries<Json>(response.content ?? {})) {
            const schema = `${pointer}/content/${escape(type)}/schema`;
            if (media.example !== undefined) {
                found.push({ where: `${pointer} ${type}`, schema, value: media.example });
            }
            for (const [name, example] of Object.entries<Json>(media.examples ?? {})) {
                found.push({ where: `${pointer} ${type} ${name}`, schema, value: example.value });
            }
        }
    };
    for (const [name, response] of Object.entries<Json>(doc.components.responses)) {
        visitResponse(`/components/responses/${name}`, response);
    }
    for (const [template, item] of Object.entries<Json>(doc.paths)) {
        for (const [method, operation] of Object.entries<Json>(item)) {
            for (const [status, response] of Object.entries<Json>(operation.responses ?? {})) {
                if (!response.$ref) {
                    visitResponse(`/paths/${escape(template)}/${method}/responses/${status}`, response);
                }
            }
        }
    }
    return found;
}

describe('docs/openapi.json', () => {
    it('is a valid OpenAPI 3.1 description', async () => {
        const result = await validateDocument(document());
        expect(result).toEqual({ valid: true, warnings: [], specification: 'OpenAPI' });
        expect(document().openapi).toBe('3.1.0');
    });

    it('the validator refuses a broken description (a parameter "in" the body, as in Swagger 2)', async () => {
        const broken = document();
        broken.paths[PUSH].get.parameters[0].in = 'body';
        const result = await validateDocument(broken);
        expect(result.valid).toBe(false);
    });

    it('describes GET on both endpoints and the 405 of every other method the engine routes', () => {
        const doc = document();
        expect(Object.keys(doc.paths)).toEqual([PUSH, SYNC]);
        for (const template of [PUSH, SYNC]) {
            expect(Object.keys(doc.paths[template]).sort()).toEqual(
                ['delete', 'get', 'head', 'options', 'parameters', 'patch', 'post', 'put'].sort(),
            );
            expect(Object.keys(doc.paths[template].get.responses).sort()).toEqual(['200', '400', '401', '404', '429', '500']);
            for (const method of ['post', 'put', 'patch', 'delete', 'options', 'head']) {
                expect(Object.keys(doc.paths[template][method].responses).sort()).toEqual(['404', '405']);
                // Answered before authentication: no credentials needed.
                expect(doc.paths[template][method].security).toEqual([]);
            }
        }
    });

    it('names every push.get and chat.syncThreadMessages parameter of the contract', () => {
        const doc = document();
        const names = (template: string) => doc.paths[template].get.parameters.map((parameter: Json) => parameter.name);
        expect(names(PUSH)).toEqual(['id']);
        expect(names(SYNC)).toEqual(['tmid', 'updatedSince', 'offset', 'count', 'sort', 'fields', 'query']);
        expect(doc.components.securitySchemes).toEqual({
            userId: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-User-Id' }),
            authToken: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' }),
        });
        expect(doc.security).toEqual([{ userId: [], authToken: [] }]);
    });

    it("uses app.json's id as the appId default", () => {
        const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'app.json'), 'utf8'));
        expect(document().components.parameters.AppId.schema.default).toBe(manifest.id);
    });

    it('every example matches the schema it illustrates', () => {
        const doc = document();
        const conformance = new OpenApiConformance(doc);
        const all = examples(doc);
        expect(all.length).toBeGreaterThan(25);
        for (const example of all) {
            expect({ where: example.where, problems: conformance.validate(example.schema, example.value) }).toEqual({
                where: example.where,
                problems: [],
            });
        }
    });

    it("carries core's official push.get example, value for value", () => {
        const official = document().paths[PUSH].get.responses['200'].content['application/json'].examples.official.value;
        expect(official.data.notification).toMatchObject({
            title: '#vb',
            text: 'rodriq: fsfs',
            badge: 2,
            notId: 654494840,
            payload: { host: 'http://localhost:3000/' },
            gcm: { image: 'http://localhost:3000/images/logo/android-chrome-192x192.png' },
            apn: { category: 'MESSAGE' },
        });
    });

    it('every sort, fields and query error example is what the app answers for that parameter', () => {
        const errors = document().paths[SYNC].get.responses['400'].content['application/json'].examples;
        const shown = Object.values<Json>(errors)
            .map((example) => example.value)
            .filter((body) => /^Invalid (sort|fields|query) parameter/.test(body.error));
        expect(shown.length).toBe(3);
        for (const body of shown) {
            const [, name, raw] = /^Invalid (\w+) parameter provided: "(.*)" \[/.exec(body.error)!;
            const answer = (() => {
                try {
                    parseOptionalSyncParams({ [name]: raw });
                    return 'accepted';
                } catch (error) {
                    return error instanceof ApiError ? error.body : error;
                }
            })();
            expect(answer).toEqual(body);
        }
    });

    it('a top-level operator the query description says is dropped is accepted, as in core', () => {
        const description: string = document().paths[SYNC].get.parameters.find((p: Json) => p.name === 'query').description;
        for (const operator of ['$where', '$expr', '$nor', '$text', '$comment']) {
            expect(description).toContain(`\`${operator}\``);
            const query = JSON.stringify({ [operator]: operator === '$nor' ? [{ msg: 'x' }] : '1' });
            expect(parseOptionalSyncParams({ query }).matches({ _id: 'a', msg: 'x' })).toBe(true);
        }
    });

    it("the app's own fixed bodies match their schemas", () => {
        const conformance = OpenApiConformance.fromRepository();
        expect(conformance.validate('/components/schemas/Unauthorized', { ...UNAUTHORIZED_BODY })).toEqual([]);
        expect(conformance.validate('/components/schemas/InternalError', { ...INTERNAL_ERROR_BODY })).toEqual([]);
        expect(conformance.validate('/components/schemas/MethodNotAllowed', { ...METHOD_NOT_ALLOWED_BODY })).toEqual([]);
    });
});
