import { RestClient } from '@push-sync/workspace';
import { useTarget } from './support/target';

const METHOD_NOT_ALLOWED = {
    success: false,
    error: 'Method Not Allowed [error-method-not-allowed]',
    errorType: 'error-method-not-allowed',
};
const ENDPOINTS = ['push.get', 'chat.syncThreadMessages'];
/** Every method the engine routes to an endpoint object besides GET (HEAD is checked apart: it has no body). */
const METHODS_WITH_BODY = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The 405 rule (docs/openapi.md) through HTTP: any method other than GET answers the JSON 405, before authentication. */
describe('methods other than GET', () => {
    const target = useTarget();
    /** A client without credentials: the 405 must not depend on who asks. */
    const anonymous = () => new RestClient(target().url);
    const appPath = (path: string) => `/api/apps/public/${target().appId}/${path}`;

    const expectMethodNotAllowed = (response: { status: number; headers: Headers; body: unknown }) => {
        expect(response.status).toBe(405);
        expect(response.headers.get('allow')).toBe('GET');
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.body).toEqual(METHOD_NOT_ALLOWED);
    };

    it.each(ENDPOINTS)('%s: 405 JSON with Allow: GET for every other method, with valid credentials', async (path) => {
        for (const method of METHODS_WITH_BODY) {
            const response = await target().admin.request(method, appPath(path), { query: { id: 'x' } });
            expectMethodNotAllowed(response);
        }
    });

    it.each(ENDPOINTS)('%s: 405 before authentication (no credentials, then wrong ones)', async (path) => {
        for (const method of METHODS_WITH_BODY) {
            expectMethodNotAllowed(await anonymous().request(method, appPath(path)));
            const wrong = await anonymous().request(method, appPath(path), {
                headers: { 'X-User-Id': 'nobody', 'X-Auth-Token': 'wrong' },
            });
            expectMethodNotAllowed(wrong);
        }
    });

    it.each(ENDPOINTS)('%s: a JSON request body changes nothing', async (path) => {
        const response = await target().admin.request('POST', appPath(path), {
            body: { id: 'x', tmid: 'y', updatedSince: '2019-04-01T00:00:00.000Z' },
        });
        expectMethodNotAllowed(response);
    });

    it.each(ENDPOINTS)('%s: HEAD is refused the same way, without a body', async (path) => {
        const response = await target().admin.request('HEAD', appPath(path), { query: { id: 'x' } });
        expect(response.status).toBe(405);
        expect(response.headers.get('allow')).toBe('GET');
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.text).toBe('');
    });

    it('also on the path spelled as the host router tolerates it (case, trailing slash)', async () => {
        expectMethodNotAllowed(await anonymous().request('DELETE', appPath('PUSH.GET/')));
    });

    it('leaves GET alone: still the 401 without credentials', async () => {
        const response = await anonymous().callApp(target().appId, 'push.get', { id: 'x' });
        expect(response.status).toBe(401);
        expect(response.headers.get('allow')).toBeNull();
    });
});
