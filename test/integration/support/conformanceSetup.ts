/**
 * Every answer of the app's endpoints that an integration test receives through RestClient is checked against
 * docs/openapi.json; a non-conforming answer fails the test that made the request (docs/openapi.md).
 */
import { RestClient } from '@push-sync/workspace';
import { OpenApiConformance } from './openapiConformance';

const conformance = OpenApiConformance.fromRepository();
const request = RestClient.prototype.request;

RestClient.prototype.request = async function checkedRequest(this: RestClient, method, path, options) {
    const response = await request.call(this, method, path, options);
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(options?.query ?? {})) {
        [value].flat().forEach((item) => url.searchParams.append(key, item));
    }
    const pathname = url.pathname;
    const problems = conformance.check({
        method,
        pathname,
        query: url.searchParams,
        status: response.status,
        headers: response.headers,
        text: response.text,
    });
    if (problems && problems.length > 0) {
        throw new Error(
            `${method} ${pathname} answered ${response.status}, which docs/openapi.json does not describe:\n` +
                `${problems.map((problem) => `- ${problem}`).join('\n')}\nbody: ${response.text.slice(0, 2000)}`,
        );
    }
    return response;
} as typeof request;
