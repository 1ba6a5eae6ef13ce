import { createServer, type RequestListener, type Server } from 'node:http';

import type { NextFunction, Request, Response } from 'express';
import express from 'express';

import type { DemoData } from '../demo';
import type { MessageEvents } from '../functions/messages';
import type { AppRuntime } from '../runtime/appRuntime';
import type { Database } from '../store/Database';
import type { ApiDocsOptions } from './apiDocs';
import { apiDocsRouter } from './apiDocs';
import { KEEP_ALIVE_TIMEOUT_MS } from './timeouts';
import { appEndpointRouter, appsAdminRouter } from './apps';
import { SERVER_VERSION, v1Router } from './v1';

export interface HttpOptions {
    /** The API explorer at /api-docs/ (and `GET /` leading there); none without it. */
    apiDocs?: ApiDocsOptions;
    /** The demo data, once seeded (the explorer prefills its ids). */
    demo?: () => DemoData | undefined;
    /** One line per request: method, path (no query: it may hold ids), status, milliseconds. */
    logRequest?: (line: string) => void;
}

/** The HTTP face of the workspace: core's /api/info, /api/v1 subset, /api/apps and the app router. */
export function createHttpApp(
    db: Database,
    runtime: AppRuntime,
    events: MessageEvents,
    options: HttpOptions = {},
): express.Express {
    const app = express();
    app.disable('x-powered-by');
    const { logRequest } = options;
    if (logRequest) {
        app.use((req, res, next) => {
            const started = process.hrtime.bigint();
            res.once('finish', () => {
                const ms = Number(process.hrtime.bigint() - started) / 1e6;
                logRequest(`${req.method} ${req.originalUrl.split('?')[0]} ${res.statusCode} ${ms.toFixed(0)} ms`);
            });
            next();
        });
    }
    // Core's default body limits (the JSON limit answers 413 before an app sees the request).
    app.use(express.json({ limit: '100kb' }));
    app.use(express.urlencoded({ extended: true, limit: '100kb' }));

    app.get('/api/info', (_req, res) => {
        res.json({ version: SERVER_VERSION, success: true });
    });
    app.use('/api/v1', v1Router(db, events));
    // The app router first: /api/apps/public/... must not be taken for an app id.
    app.use('/api/apps', appEndpointRouter(db, runtime));
    app.use('/api/apps', appsAdminRouter(db, runtime));

    if (options.apiDocs) {
        // The API explorer (Swagger UI) and the description it shows, pointed at this workspace.
        app.use('/api-docs', apiDocsRouter(runtime, options.apiDocs, options.demo ?? (() => undefined)));
        app.get('/', (_req, res) => res.redirect('/api-docs/'));
    }

    app.use('/api', (_req, res) => {
        res.status(404).json({ success: false, error: 'Not found' });
    });
    // Malformed JSON and oversized bodies: core answers with JSON on /api/v1.
    app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
        if (res.headersSent) {
            next(error);
            return;
        }
        const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
        res.status(status).json({ success: false, error: status === 500 ? 'Internal server error' : error.message });
        if (status === 500) {
            console.error('[workspace] request failed:', error);
        }
    });
    return app;
}

export function listen(handler: RequestListener, port: number, host: string): Promise<Server> {
    return new Promise((resolve, reject) => {
        const server = createServer(handler);
        server.listen(port, host, () => resolve(server));
        server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
        // Longer than keepAliveTimeout, as Node advises: the header timer never cuts a request on a kept connection.
        server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
        server.once('error', reject);
    });
}
