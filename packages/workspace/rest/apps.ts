import type { Request, Response } from 'express';
import { Router } from 'express';
import multer from 'multer';

import { AppStatus, AppStatusUtils } from '@rocket.chat/apps-engine/definition/AppStatus';
import type { IPermission } from '@rocket.chat/apps-engine/definition/permissions/IPermission';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { AppFabricationFulfillment } from '@rocket.chat/apps-engine/server/compiler';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp';

import { convertUserToApp } from '../converters/users';
import type { AppRuntime } from '../runtime/appRuntime';
import type { Database } from '../store/Database';
import type { RawUser } from '../store/types';
import type { AuthedRequest } from './auth';
import { requireAdmin, requireUser, userFromHeaders } from './auth';

/** The Deno runtime rejects with plain objects carrying `message`, not Error instances. */
function errorMessage(error: unknown): string {
    const message = (error as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : String(error);
}

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 64 * 1024 * 1024 } });

async function describeApp(app: ProxiedApp) {
    return { ...app.getInfo(), status: await app.getStatus() };
}

/** The `permissions` multipart field rc-apps sends (app.json's list); absent means "as the app declares". */
function grantedPermissions(req: Request): IPermission[] | undefined {
    const raw = (req.body as { permissions?: unknown } | undefined)?.permissions;
    if (typeof raw !== 'string' || raw === '') {
        return undefined;
    }
    return JSON.parse(raw) as IPermission[];
}

async function fabricationResult(res: Response, aff: AppFabricationFulfillment): Promise<void> {
    if (aff.hasStorageError()) {
        res.status(400).json({ success: false, status: 'storage_error', messages: [aff.getStorageError()] });
        return;
    }
    if (aff.hasAppUserError()) {
        res.status(400).json({ success: false, status: 'app_user_error', messages: [aff.getAppUserError()] });
        return;
    }
    res.json({
        app: await describeApp(aff.getApp()),
        implemented: aff.getImplementedInferfaces(),
        licenseValidation: aff.getLicenseValidationResult(),
        success: true,
    });
}

/** Installs, updates, enables/disables and uninstalls apps like core's /api/apps (what rc-apps deploy uses). */
export function appsAdminRouter(db: Database, runtime: AppRuntime): Router {
    const router = Router();
    const manager = runtime.manager;
    const guard = [requireUser(db), requireAdmin];
    const asyncRoute = (handler: (req: AuthedRequest & { user: RawUser }, res: Response) => Promise<void>) => {
        return (req: Request, res: Response) => {
            handler(req as AuthedRequest & { user: RawUser }, res).catch((error: unknown) => {
                res.status(400).json({ success: false, error: errorMessage(error) });
            });
        };
    };
    const findApp = (id: string, res: Response): ProxiedApp | undefined => {
        const app = manager.getOneById(id);
        if (!app) {
            res.status(404).json({ success: false, error: `No App found by the id of: ${id}` });
        }
        return app;
    };

    router.get(
        '/',
        ...guard,
        asyncRoute(async (_req, res) => {
            const apps = await manager.get();
            res.json({ apps: await Promise.all(apps.map(describeApp)), success: true });
        }),
    );

    router.post(
        '/',
        ...guard,
        upload.single('app'),
        asyncRoute(async (req, res) => {
            if (!req.file) {
                res.status(400).json({ success: false, error: 'Failed to get a file to install for the App.' });
                return;
            }
            const aff = await manager.add(req.file.buffer, {
                enable: true,
                user: convertUserToApp(req.user) as never,
                permissionsGranted: grantedPermissions(req),
            });
            await fabricationResult(res, aff);
        }),
    );

    router.get(
        '/:id',
        ...guard,
        asyncRoute(async (req, res) => {
            const app = findApp(req.params.id, res);
            if (app) {
                res.json({ app: await describeApp(app), success: true });
            }
        }),
    );

    router.post(
        '/:id',
        ...guard,
        upload.single('app'),
        asyncRoute(async (req, res) => {
            if (!findApp(req.params.id, res)) {
                return;
            }
            if (!req.file) {
                res.status(400).json({ success: false, error: 'Failed to get a file to install for the App.' });
                return;
            }
            // `undefined`, not `[]`: an empty grant list would strip every permission (packages/workspace/README.md).
            // loadApp: restart the app on the new code, as core's update route does.
            const aff = await manager.update(req.file.buffer, grantedPermissions(req) as IPermission[], {
                loadApp: true,
                user: convertUserToApp(req.user) as never,
            });
            await fabricationResult(res, aff);
        }),
    );

    router.post(
        '/:id/status',
        ...guard,
        asyncRoute(async (req, res) => {
            if (!findApp(req.params.id, res)) {
                return;
            }
            const status = (req.body as { status?: unknown } | undefined)?.status;
            if (
                typeof status !== 'string' ||
                (!AppStatusUtils.isEnabled(status as AppStatus) && !AppStatusUtils.isDisabled(status as AppStatus))
            ) {
                res.status(400).json({ success: false, error: 'Invalid status provided' });
                return;
            }
            const app = await manager.changeStatus(req.params.id, status as AppStatus);
            res.json({ status: await app.getStatus(), success: true });
        }),
    );

    // Administration › Apps › <app> › Settings, as core's apps REST API: hidden settings are not listed, and only the
    // settings whose value changed are saved (the engine then calls the app's onSettingUpdated).
    router.get(
        '/:id/settings',
        ...guard,
        asyncRoute(async (req, res) => {
            const app = findApp(req.params.id, res);
            if (app) {
                const settings = { ...app.getStorageItem().settings };
                for (const [id, setting] of Object.entries(settings)) {
                    if (setting.hidden) {
                        delete settings[id];
                    }
                }
                res.json({ settings, success: true });
            }
        }),
    );

    router.post(
        '/:id/settings',
        ...guard,
        asyncRoute(async (req, res) => {
            const posted = (req.body as { settings?: unknown } | undefined)?.settings;
            if (!Array.isArray(posted)) {
                res.status(400).json({ success: false, error: 'The settings to update must be present.' });
                return;
            }
            const app = findApp(req.params.id, res);
            if (!app) {
                return;
            }
            const current = app.getStorageItem().settings;
            const updated: ISetting[] = [];
            for (const setting of posted as ISetting[]) {
                if (current[setting.id] && current[setting.id].value !== setting.value) {
                    await manager.getSettingsManager().updateAppSetting(req.params.id, setting);
                    updated.push(setting);
                }
            }
            res.json({ updated, success: true });
        }),
    );

    router.delete(
        '/:id',
        ...guard,
        asyncRoute(async (req, res) => {
            const app = findApp(req.params.id, res);
            if (app) {
                const info = await describeApp(app);
                await manager.remove(req.params.id, { user: convertUserToApp(req.user) as never });
                res.json({ app: { ...info, status: AppStatus.DISABLED }, success: true });
            }
        }),
    );

    return router;
}

/**
 * `/api/apps/public/:appId/<path>` and `/api/apps/private/:appId/:hash/<path>`, as core's app router: the
 * caller's credentials become `request.user` (or a 401 `Unauthorized` when the endpoint requires them), the
 * engine runs the endpoint, and any rejection becomes a 500 with the error message. Core sends both strings with
 * Express's default `text/html` (packages/workspace/README.md); only its 404 is `text/plain`.
 */
export function appEndpointRouter(db: Database, runtime: AppRuntime): Router {
    const router = Router({ caseSensitive: false, strict: false });

    const handle = async (req: Request, res: Response, appId: string, path: string, privateHash?: string) => {
        const api = runtime.bridges.api.findEndpoint(appId, path);
        if (!api) {
            res.status(404).type('text/plain').send('Not Found');
            return;
        }
        const user = userFromHeaders(db, req);
        if (api.endpoint.authRequired && !user) {
            res.status(401).send('Unauthorized');
            return;
        }
        try {
            const response = await runtime.manager.getApiManager().executeApi(appId, api.endpoint.path, {
                method: req.method.toLowerCase() as never,
                headers: req.headers as { [key: string]: string },
                query: req.query as { [key: string]: string },
                params: {},
                content: req.body,
                privateHash,
                user: user ? (convertUserToApp(user) as never) : undefined,
            });
            res.set(response.headers ?? {});
            res.status(response.status);
            if (response.content === undefined || response.content === null) {
                res.end();
            } else {
                res.send(response.content);
            }
        } catch (error) {
            res.status(500).send(errorMessage(error));
        }
    };

    const rest = (req: Request) => (req.params as { [key: string]: string })['0'];
    router.all('/public/:appId/*', (req, res) => void handle(req, res, req.params.appId, rest(req)));
    router.all('/private/:appId/:hash/*', (req, res) => void handle(req, res, req.params.appId, rest(req), req.params.hash));
    return router;
}
