/**
 * The API explorer of the local workspace: `GET /api-docs/` is Swagger UI (served from the installed swagger-ui-dist
 * package, so it works offline) and `GET /api-docs/openapi.json` is docs/openapi.json pointed at this workspace and the
 * installed app (docs/openapi.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { NextFunction, Request, Response } from 'express';
import { Router } from 'express';

import type { AppRuntime } from '../runtime/appRuntime';

const OPENAPI_FILE = path.resolve(__dirname, '..', '..', '..', 'docs', 'openapi.json');
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
/** The only Swagger UI files the page loads. */
const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'];

type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Push Sync API explorer</title>
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

// validatorUrl null: Swagger UI would otherwise send the description to an online validator.
const EXPLORER_SCRIPT = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: './openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
};
`;

/** The id of the installed app that serves push.get (the one this description is about), if any. */
export async function installedAppId(runtime: AppRuntime): Promise<string | undefined> {
    const apps = await runtime.manager.get();
    return apps.map((app) => app.getID()).find((id) => runtime.bridges.api.findEndpoint(id, 'push.get') !== undefined);
}

/** docs/openapi.json for a server at `origin`, with the installed app's id as the appId default. */
export function describeWorkspace(document: Json, origin: string, appId: string | undefined): Json {
    const described: Json = structuredClone(document);
    described.servers = [{ url: origin, description: 'This local workspace' }];
    if (appId !== undefined) {
        const parameter = described.components.parameters.AppId;
        parameter.schema = { ...parameter.schema, default: appId };
        parameter.example = appId;
    }
    return described;
}

export function apiDocsRouter(runtime: AppRuntime): Router {
    const router = Router({ strict: true });
    // Read per request: an edit to docs/openapi.json shows on reload.
    router.get('/openapi.json', (req: Request, res: Response, next: NextFunction) => {
        const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Json;
        installedAppId(runtime).then(
            (appId) => res.json(describeWorkspace(document, `${req.protocol}://${req.get('host')}`, appId)),
            next,
        );
    });
    router.get('/', (req: Request, res: Response) => {
        // The page loads its files relatively: /api-docs needs its slash.
        if (!req.originalUrl.split('?')[0].endsWith('/')) {
            res.redirect(301, `${req.baseUrl}/`);
            return;
        }
        res.type('html').send(PAGE);
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
