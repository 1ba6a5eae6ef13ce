import { readFileSync } from 'node:fs';

import { RestClient } from '@push-sync/workspace';
import { startTestBed, useStarted } from './support/helpers';
import { OPENAPI_PATH } from './support/openapiConformance';

type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The explorer's files over HTTP (the browser test in test/system drives the page itself). */
describe('API explorer files: /api-docs/', () => {
    const testBed = useStarted(() => startTestBed(), 'the test bed');
    /** The explorer needs no login: the page asks for credentials only to call the endpoints. */
    const anonymous = () => new RestClient(testBed().workspace.url);

    it('serves docs/openapi.json pointed at this workspace, with the installed app id as the appId default and no optional prefill', async () => {
        const response = await anonymous().get<Json>('/api-docs/openapi.json');
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        const expected: Json = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
        // The server is the origin the caller used (the Host header), so the page calls back where it came from.
        expected.servers = [{ url: testBed().workspace.url, description: 'This local workspace' }];
        expected.components.parameters.AppId.schema.default = testBed().appId;
        expected.components.parameters.AppId.example = testBed().appId;
        // Optional query parameters lose their examples, so the explorer leaves them empty (a prefilled `fields` or
        // `query` would narrow the answer); this bed has no demo data, so `id` and `tmid` keep the documented ones.
        for (const item of Object.values<Json>(expected.paths)) {
            for (const parameter of item.get.parameters as Json[]) {
                if (parameter.in === 'query' && !parameter.required) delete parameter.example;
            }
        }
        expect(response.body).toEqual(expected);
        const sync = response.body.paths['/api/apps/public/{appId}/chat.syncThreadMessages'].get.parameters as Json[];
        expect(sync.filter((parameter) => 'example' in parameter).map((parameter) => parameter.name)).toEqual([
            'tmid',
            'updatedSince',
        ]);
    });

    it('GET / leads to the explorer', async () => {
        const root = await fetch(`${testBed().workspace.url}/`, { redirect: 'manual' });
        expect(root.status).toBe(302);
        expect(root.headers.get('location')).toBe('/api-docs/');
    });

    it('serves the Swagger UI page from the installed package, with its slash', async () => {
        const redirect = await fetch(`${testBed().workspace.url}/api-docs`, { redirect: 'manual' });
        expect(redirect.status).toBe(301);
        expect(redirect.headers.get('location')).toBe('/api-docs/');

        const page = await anonymous().get('/api-docs/');
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
        expect(page.text).toContain('<script src="./swagger-ui-bundle.js"');
        // The launcher's title (scripts/apiExplorer.ts): the package names no app.
        expect(page.text).toContain('<title>Push Sync API explorer</title>');
        for (const [file, type] of [
            ['swagger-ui-bundle.js', /javascript/],
            ['swagger-ui.css', /^text\/css/],
            ['explorer.js', /javascript/],
        ] as const) {
            const asset = await anonymous().get(`/api-docs/${file}`);
            expect({ file, status: asset.status }).toEqual({ file, status: 200 });
            expect(asset.headers.get('content-type')).toMatch(type);
        }
        // No online validator: the description stays on this machine.
        expect((await anonymous().get('/api-docs/explorer.js')).text).toContain('validatorUrl: null');
    });

    it('serves nothing else from the package', async () => {
        expect((await anonymous().get('/api-docs/package.json')).status).toBe(404);
        expect((await anonymous().get('/api-docs/index.html')).status).toBe(404);
    });
});
