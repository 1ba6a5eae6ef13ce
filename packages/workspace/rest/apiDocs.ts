/**
 * The API explorer of the local workspace: `GET /api-docs/` is Swagger UI (served from the installed swagger-ui-dist
 * package, so it works offline) and `GET /api-docs/openapi.json` is the launcher's OpenAPI description (Push Sync's is
 * docs/openapi.json) pointed at this workspace and the installed app, with the demo's ids as the examples the explorer
 * prefills. Without a description (no `apiDocs` option) there is no explorer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { NextFunction, Request, Response } from 'express';
import { Router } from 'express';

import type { DemoData } from '../demo';
import type { AppRuntime } from '../runtime/appRuntime';

const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
/** The only Swagger UI files the page loads. */
const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'];

/** What the launcher says about its app's API; the package names no app. */
export interface ApiDocsOptions {
    /** The OpenAPI 3 description of the app's endpoints (paths `/api/apps/public/{appId}/<endpoint>`), read per request. */
    file: string;
    /** The explorer page's title (default "API explorer"). */
    title?: string;
    /**
     * Values for parameters, by name, taken from the demo data (e.g. a real message id): the explorer prefills them, so
     * Execute on the defaults works. Only with demo data.
     */
    demoExamples?(demo: DemoData): { [parameter: string]: string };
}

type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const page = (title: string) => `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" type="text/css" href="./swagger-ui.css">
    <link rel="icon" type="image/png" href="./favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="./swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="./explorer.js" charset="UTF-8"></script>
  </body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the description to an online validator. persistAuthorization: the
// browser keeps the credentials entered under Authorize across reloads (and, with --seed, across restarts).
const EXPLORER_SCRIPT = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: './openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
};
`;

const APP_PATH = /^\/api\/apps\/public\/\{appId\}\/(.+)$/;

/** The id of the installed app that serves the description's endpoints (the one it is about), if any. */
export async function installedAppId(runtime: AppRuntime, document: Json): Promise<string | undefined> {
    const endpoints = Object.keys(document.paths ?? {})
        .map((documented) => APP_PATH.exec(documented)?.[1])
        .filter((endpoint): endpoint is string => endpoint !== undefined);
    const apps = await runtime.manager.get();
    return apps
        .map((app) => app.getID())
        .find((id) => endpoints.length > 0 && endpoints.every((endpoint) => runtime.bridges.api.findEndpoint(id, endpoint)));
}

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * The description for a server at `origin`: the installed app's id as the appId default; in every operation, the given
 * `examples` for the parameters they name, and no example for the other optional query parameters, so the explorer
 * leaves them empty (a prefilled `fields` or `query` would narrow the answer).
 */
export function describeWorkspace(
    document: Json,
    origin: string,
    appId: string | undefined,
    examples: { [parameter: string]: string } = {},
): Json {
    const described: Json = structuredClone(document);
    described.servers = [{ url: origin, description: 'This local workspace' }];
    const appIdParameter = described.components?.parameters?.AppId;
    if (appId !== undefined && appIdParameter) {
        appIdParameter.schema = { ...appIdParameter.schema, default: appId };
        appIdParameter.example = appId;
    }
    for (const item of Object.values<Json>(described.paths ?? {})) {
        for (const operation of OPERATIONS.map((method) => item[method] as Json | undefined)) {
            for (const parameter of (operation?.parameters ?? []) as Json[]) {
                if (parameter.$ref !== undefined) continue;
                if (Object.prototype.hasOwnProperty.call(examples, parameter.name)) {
                    delete parameter.examples;
                    parameter.example = examples[parameter.name];
                } else if (parameter.in === 'query' && !parameter.required) {
                    delete parameter.example;
                    delete parameter.examples;
                    if (parameter.schema) {
                        delete parameter.schema.example;
                        delete parameter.schema.default;
                    }
                }
            }
        }
    }
    return described;
}

export function apiDocsRouter(runtime: AppRuntime, options: ApiDocsOptions, demo: () => DemoData | undefined): Router {
    const router = Router({ strict: true });
    // Read per request: an edit to the description shows on reload.
    router.get('/openapi.json', (req: Request, res: Response, next: NextFunction) => {
        const document = JSON.parse(readFileSync(options.file, 'utf8')) as Json;
        const seeded = demo();
        const examples = seeded && options.demoExamples ? options.demoExamples(seeded) : {};
        installedAppId(runtime, document).then(
            (appId) => res.json(describeWorkspace(document, `${req.protocol}://${req.get('host')}`, appId, examples)),
            next,
        );
    });
    router.get('/', (req: Request, res: Response) => {
        // The page loads its files relatively: /api-docs needs its slash.
        if (!req.originalUrl.split('?')[0].endsWith('/')) {
            res.redirect(301, `${req.baseUrl}/`);
            return;
        }
        res.type('html').send(page(options.title ?? 'API explorer'));
    });
    router.get('/explorer.js', (_req, res) => {
        res.type('application/javascript').send(EXPLORER_SCRIPT);
    });
    for (const file of SWAGGER_UI_FILES) {
        router.get(`/${file}`, (_req, res) => res.sendFile(path.join(SWAGGER_UI_DIR, file)));
    }
    return router;
}

/** For tests and the command line: where the explorer of a workspace at `url` lives. */
export function apiDocsUrl(workspaceUrl: string): string {
    return `${workspaceUrl}/api-docs/`;
}
