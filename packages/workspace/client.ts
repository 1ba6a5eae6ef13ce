/** A small REST client for the workspace (and any Rocket.Chat server): what tests and scripts use. */
export interface RestResponse<T = { [key: string]: unknown }> {
    status: number;
    headers: Headers;
    body: T;
    text: string;
}

export interface Credentials {
    userId: string;
    authToken: string;
}

export class RestClient {
    constructor(
        readonly baseUrl: string,
        readonly credentials?: Credentials,
    ) {}

    static async login(baseUrl: string, username: string, password: string): Promise<RestClient> {
        const response = await new RestClient(baseUrl).post('/api/v1/login', { user: username, password });
        const data = (response.body as { data?: Credentials }).data;
        if (response.status !== 200 || !data) {
            throw new Error(`login as ${username} failed: ${response.status} ${response.text}`);
        }
        return new RestClient(baseUrl, { userId: data.userId, authToken: data.authToken });
    }

    private headers(extra: { [key: string]: string } = {}): { [key: string]: string } {
        return this.credentials
            ? { 'X-User-Id': this.credentials.userId, 'X-Auth-Token': this.credentials.authToken, ...extra }
            : { ...extra };
    }

    async request<T = { [key: string]: unknown }>(
        method: string,
        path: string,
        options: {
            query?: { [key: string]: string | string[] };
            body?: unknown;
            form?: FormData;
            headers?: { [key: string]: string };
        } = {},
    ): Promise<RestResponse<T>> {
        const url = new URL(path, this.baseUrl);
        for (const [key, value] of Object.entries(options.query ?? {})) {
            for (const item of Array.isArray(value) ? value : [value]) {
                url.searchParams.append(key, item);
            }
        }
        const init: RequestInit = { method, headers: this.headers(options.headers) };
        if (options.form) {
            init.body = options.form;
        } else if (options.body !== undefined) {
            init.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
            (init.headers as { [key: string]: string })['Content-Type'] ??= 'application/json';
        }
        const response = await fetch(url, init);
        const text = await response.text();
        let body: unknown = text;
        if ((response.headers.get('content-type') ?? '').includes('application/json') && text !== '') {
            body = JSON.parse(text);
        }
        return { status: response.status, headers: response.headers, body: body as T, text };
    }

    get<T = { [key: string]: unknown }>(path: string, query?: { [key: string]: string | string[] }) {
        return this.request<T>('GET', path, { query });
    }

    post<T = { [key: string]: unknown }>(path: string, body: unknown) {
        return this.request<T>('POST', path, { body });
    }

    /**
     * Installs (or, with an app id, updates) an app from its zip, as the admin UI and rc-apps do. `permissions`
     * is what the admin consents to (the UI sends the app's declared list); without it the server grants only
     * the engine's default set.
     */
    uploadApp(zip: Buffer, options: { appId?: string; permissions?: object[] } = {}) {
        const form = new FormData();
        form.append('app', new Blob([zip], { type: 'application/zip' }), 'app.zip');
        if (options.permissions) {
            form.append('permissions', JSON.stringify(options.permissions));
        }
        const appId = options.appId;
        return this.request('POST', appId ? `/api/apps/${appId}` : '/api/apps', { form });
    }

    /** GET an app endpoint through the public app router. */
    callApp<T = { [key: string]: unknown }>(appId: string, path: string, query?: { [key: string]: string | string[] }) {
        return this.get<T>(`/api/apps/public/${appId}/${path}`, query);
    }
}
