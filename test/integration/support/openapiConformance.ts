/**
 * Checks an HTTP answer of the app's endpoints against docs/openapi.json: the status code must be documented for that
 * method and path, the content type must be one the description lists, the body must match its schema, and required
 * headers must be there. Used by every integration test (conformanceSetup.ts), so the description cannot drift.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { ValidateFunction } from 'ajv/dist/2020';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export const OPENAPI_PATH = path.resolve(__dirname, '..', '..', '..', 'docs', 'openapi.json');

type Json = { [key: string]: unknown };

export interface Exchange {
    method: string;
    /** The request's path, without the query string. */
    pathname: string;
    status: number;
    headers: Headers;
    /** The raw body as received. */
    text: string;
    /** The request's query parameters, when known: answers without `fields` must also match the default-answer schema. */
    query?: URLSearchParams;
}

/** Schemas an answer must also match when the request left out `fields` (the strict types of generated clients). */
const DEFAULT_ANSWERS: Record<string, string> = {
    '/api/apps/public/{appId}/chat.syncThreadMessages': '/components/schemas/SyncThreadMessagesDefaultSuccess',
};

/** The id ajv knows the whole description by; `$ref`s inside it resolve against this. */
const DOCUMENT_ID = 'https://push-sync.invalid/openapi.json';

function escapePointer(segment: string): string {
    return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class OpenApiConformance {
    private readonly ajv: Ajv2020;
    private readonly validators = new Map<string, ValidateFunction>();
    private readonly routes: Array<{ pattern: RegExp; template: string }>;

    constructor(private readonly document: Json) {
        // strict off: the description has OpenAPI keywords (paths, info…) around its JSON Schemas.
        this.ajv = new Ajv2020({ strict: false, allErrors: true });
        addFormats(this.ajv);
        this.ajv.addSchema({ ...document, $id: DOCUMENT_ID });
        // Like the host router: case-insensitive, trailing slash tolerated, any app id.
        this.routes = Object.keys(document.paths as Json).map((template) => ({
            template,
            pattern: new RegExp(`^${escapeRegExp(template).replace(/\\\{[^}]+\\\}/g, '[^/]+')}/?$`, 'i'),
        }));
    }

    static fromRepository(): OpenApiConformance {
        return new OpenApiConformance(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Json);
    }

    /** The described path for a request path; the private router serves the same endpoints under an extra hash. */
    describedPath(pathname: string): string | undefined {
        const publicPath = pathname.replace(/^\/api\/apps\/private\/([^/]+)\/[^/]+\//i, '/api/apps/public/$1/');
        return this.routes.find((route) => route.pattern.test(publicPath))?.template;
    }

    /** Problems with one answer; undefined when the path is not one the description covers. */
    check(exchange: Exchange): string[] | undefined {
        const template = this.describedPath(exchange.pathname);
        if (template === undefined) {
            return undefined;
        }
        const method = exchange.method.toLowerCase();
        const operationPointer = `/paths/${escapePointer(template)}/${method}`;
        const operation = this.resolve(operationPointer) as Json | undefined;
        if (!operation) {
            return [`${exchange.method} is not described for ${template}`];
        }
        const responsePointer = `${operationPointer}/responses/${exchange.status}`;
        if (this.resolve(responsePointer) === undefined) {
            return [`status ${exchange.status} is not described for ${exchange.method} ${template}`];
        }
        const [pointer, response] = this.follow(responsePointer);
        return [
            ...this.checkHeaders(exchange, pointer, response),
            ...this.checkBody(exchange, pointer, response),
            ...this.checkDefaultAnswer(exchange, template),
        ];
    }

    private checkDefaultAnswer(exchange: Exchange, template: string): string[] {
        const schema = DEFAULT_ANSWERS[template];
        if (schema === undefined || exchange.status !== 200 || !exchange.query || exchange.query.get('fields')) {
            return [];
        }
        const problems = this.validate(schema, JSON.parse(exchange.text));
        return problems.map((problem) => `without fields, ${problem} (${schema})`);
    }

    /** Validates a value against the schema at a JSON pointer of the description (also used on its own examples). */
    validate(schemaPointer: string, value: unknown): string[] {
        let validator = this.validators.get(schemaPointer);
        if (!validator) {
            validator = this.ajv.compile({ $ref: `${DOCUMENT_ID}#${schemaPointer}` });
            this.validators.set(schemaPointer, validator);
        }
        if (validator(value)) {
            return [];
        }
        return (validator.errors ?? []).map((error) => {
            const allowed = (error.params as { allowedValue?: unknown }).allowedValue;
            const expected = allowed === undefined ? '' : ` (${JSON.stringify(allowed)})`;
            return `body${error.instancePath} ${error.message ?? 'is invalid'}${expected}`;
        });
    }

    private checkHeaders(exchange: Exchange, pointer: string, response: Json): string[] {
        const problems: string[] = [];
        for (const name of Object.keys((response.headers as Json | undefined) ?? {})) {
            // A header object may be a $ref to components/headers.
            const [headerPointer, header] = this.follow(`${pointer}/headers/${escapePointer(name)}`);
            const value = exchange.headers.get(name);
            if (value === null) {
                if (header.required) {
                    problems.push(`header ${name} is missing`);
                }
                continue;
            }
            const headerProblems = this.validate(`${headerPointer}/schema`, value);
            problems.push(...headerProblems.map((problem) => problem.replace(/^body/, `header ${name}`)));
        }
        return problems;
    }

    private checkBody(exchange: Exchange, pointer: string, response: Json): string[] {
        const content = response.content as Json | undefined;
        if (!content) {
            return exchange.text === '' ? [] : [`a body is not described for status ${exchange.status}`];
        }
        if (exchange.method.toUpperCase() === 'HEAD') {
            return [`HEAD ${exchange.status} is described with a body`];
        }
        const contentType = (exchange.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
        if (!(contentType in content)) {
            return [`content type "${contentType}" is not described (${Object.keys(content).join(', ')})`];
        }
        let body: unknown = exchange.text;
        if (contentType === 'application/json') {
            try {
                body = JSON.parse(exchange.text);
            } catch {
                return ['the body is not JSON'];
            }
        }
        return this.validate(`${pointer}/content/${escapePointer(contentType)}/schema`, body);
    }

    /** Follows `$ref`s from a pointer to the object it finally names: [its pointer, the object]. */
    private follow(pointer: string): [string, Json] {
        let current = pointer;
        for (let hops = 0; hops < 10; hops += 1) {
            const value = this.resolve(current) as Json;
            if (typeof value.$ref !== 'string') {
                return [current, value];
            }
            current = value.$ref.replace(/^#/, '');
        }
        throw new Error(`too many $ref hops from ${pointer}`);
    }

    private resolve(pointer: string): unknown {
        let value: unknown = this.document;
        for (const segment of pointer.split('/').slice(1)) {
            const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
            if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) {
                return undefined;
            }
            value = (value as Json)[key];
        }
        return value;
    }
}
