import type { NextFunction, Request, Response } from 'express';
import { Router } from 'express';

import { RestError } from '../functions/errors';
import type { MessageEvents } from '../functions/messages';
import { cleanHistory, deleteMessage, markRead, sendMessage, updateMessage } from '../functions/messages';
import { createDirect, createDiscussion, createRoom, findRoom, isMember, subscribe } from '../functions/rooms';
import { checkPassword, createUser, findUserByUsername, issueLoginToken, updateUser } from '../functions/users';
import type { Database } from '../store/Database';
import type { RawRoom, RawUser } from '../store/types';
import type { AuthedRequest } from './auth';
import { requireAdmin, requireUser } from './auth';
import { publicUser } from './serialize';

export const SERVER_VERSION = '8.4.0';

type Handler = (req: AuthedRequest & { user: RawUser }) => object | Promise<object>;

/** Runs a route and answers core's envelope: `{...result, success: true}` or the RestError's body. */
function route(handler: Handler) {
    return async (req: Request, res: Response, next: NextFunction) => {
        try {
            const result = await handler(req as AuthedRequest & { user: RawUser });
            res.status(200).json({ ...result, success: true });
        } catch (error) {
            if (error instanceof RestError) {
                res.status(error.status).json(error.body);
                return;
            }
            next(error);
        }
    };
}

function requireString(value: unknown, name: string): string {
    if (typeof value !== 'string' || value === '') {
        throw RestError.meteor('error-invalid-params', `The '${name}' param is required`);
    }
    return value;
}

function requireDate(value: unknown, name: string): Date {
    const date = new Date(requireString(value, name));
    if (Number.isNaN(date.getTime())) {
        throw RestError.meteor('error-invalid-params', `The '${name}' param must be a date`);
    }
    return date;
}

function roomMembersAllowed(db: Database, room: RawRoom, user: RawUser): void {
    if (!isMember(db, room._id, user._id) && !user.roles.includes('admin')) {
        throw RestError.forbidden();
    }
}

export function v1Router(db: Database, events: MessageEvents): Router {
    const router = Router();
    const authed = requireUser(db);
    const requireSetting = (id: string) => {
        const setting = db.settings.findOneById(id);
        if (!setting) {
            throw RestError.notFound();
        }
        return setting;
    };

    router.post('/login', (req, res) => {
        const body = (req.body ?? {}) as { user?: unknown; username?: unknown; password?: unknown };
        const username = typeof body.user === 'string' ? body.user : body.username;
        const user = typeof username === 'string' ? findUserByUsername(db, username) : undefined;
        if (!user || typeof body.password !== 'string' || !user.active || !checkPassword(user, body.password)) {
            res.status(401).json({ status: 'error', error: 'Unauthorized', message: 'Unauthorized' });
            return;
        }
        const authToken = issueLoginToken(db, user);
        res.json({ status: 'success', data: { userId: user._id, authToken, me: publicUser(db.users.findOneById(user._id)!) } });
    });

    router.get(
        '/me',
        authed,
        route((req) => publicUser(req.user)),
    );

    router.post(
        '/users.create',
        authed,
        requireAdmin,
        route((req) => {
            const body = req.body ?? {};
            const user = createUser(db, {
                username: requireString(body.username, 'username'),
                password: requireString(body.password, 'password'),
                name: typeof body.name === 'string' ? body.name : undefined,
                email: typeof body.email === 'string' ? body.email : undefined,
                roles: Array.isArray(body.roles) ? body.roles : undefined,
                language: typeof body.language === 'string' ? body.language : undefined,
            });
            return { user: publicUser(user) };
        }),
    );

    router.post(
        '/users.update',
        authed,
        requireAdmin,
        route((req) => {
            const body = req.body ?? {};
            const data = (body.data ?? {}) as { name?: string; roles?: string[]; language?: string; active?: boolean };
            return { user: publicUser(updateUser(db, requireString(body.userId, 'userId'), data)) };
        }),
    );

    const createRoomRoute = (type: 'c' | 'p', key: 'channel' | 'group') =>
        route((req) => {
            const body = req.body ?? {};
            const room = createRoom(db, {
                type,
                name: requireString(body.name, 'name'),
                owner: req.user,
                members: Array.isArray(body.members) ? body.members : [],
                readOnly: body.readOnly === true,
            });
            return { [key]: room };
        });
    router.post('/channels.create', authed, createRoomRoute('c', 'channel'));
    router.post('/groups.create', authed, createRoomRoute('p', 'group'));

    router.post(
        '/im.create',
        authed,
        route((req) => {
            const body = req.body ?? {};
            const usernames =
                typeof body.usernames === 'string'
                    ? body.usernames
                          .split(',')
                          .map((name: string) => name.trim())
                          .filter(Boolean)
                    : [requireString(body.username, 'username')];
            const room = createDirect(db, req.user, usernames);
            return { room: { ...room, rid: room._id } };
        }),
    );

    const inviteRoute = (key: 'channel' | 'group') =>
        route((req) => {
            const body = req.body ?? {};
            const room = findRoom(db, body);
            roomMembersAllowed(db, room, req.user);
            const user = db.users.findOneById(requireString(body.userId, 'userId'));
            if (!user) {
                throw RestError.meteor('error-invalid-user', 'Invalid user');
            }
            subscribe(db, room, user);
            return { [key]: db.rooms.findOneById(room._id) };
        });
    router.post('/channels.invite', authed, inviteRoute('channel'));
    router.post('/groups.invite', authed, inviteRoute('group'));

    router.post(
        '/channels.join',
        authed,
        route((req) => {
            const room = findRoom(db, req.body ?? {});
            if (room.t !== 'c') {
                throw RestError.meteor(
                    'error-room-not-found',
                    'The required "roomId" or "roomName" param provided does not match any channel',
                );
            }
            subscribe(db, room, req.user);
            return { channel: db.rooms.findOneById(room._id) };
        }),
    );

    router.post(
        '/rooms.createDiscussion',
        authed,
        route((req) => {
            const body = req.body ?? {};
            const parent = findRoom(db, { roomId: requireString(body.prid, 'prid') });
            roomMembersAllowed(db, parent, req.user);
            const discussion = createDiscussion(
                db,
                req.user,
                parent._id,
                requireString(body.t_name, 't_name'),
                Array.isArray(body.users) ? body.users : [],
            );
            return { discussion };
        }),
    );

    router.post(
        '/chat.sendMessage',
        authed,
        route((req) => {
            const message = req.body?.message;
            if (!message || typeof message !== 'object') {
                throw RestError.meteor('error-invalid-params', "The 'message' param is required");
            }
            return { message: sendMessage(db, events, req.user, { ...message, rid: requireString(message.rid, 'rid') }) };
        }),
    );

    router.post(
        '/chat.update',
        authed,
        route((req) => ({ message: updateMessage(db, events, req.user, req.body ?? {}) })),
    );

    router.post(
        '/chat.delete',
        authed,
        route((req) => deleteMessage(db, events, req.user, req.body ?? {})),
    );

    router.post(
        '/rooms.cleanHistory',
        authed,
        requireAdmin,
        route((req) => {
            const body = req.body ?? {};
            const roomId = requireString(body.roomId, 'roomId');
            findRoom(db, { roomId });
            const count = cleanHistory(db, {
                roomId,
                latest: requireDate(body.latest, 'latest'),
                oldest: requireDate(body.oldest, 'oldest'),
                inclusive: body.inclusive === true,
                excludePinned: body.excludePinned === true,
                ignoreThreads: body.ignoreThreads === true,
                users: Array.isArray(body.users) ? body.users : undefined,
            });
            return { _id: roomId, count };
        }),
    );

    router.get(
        '/subscriptions.getOne',
        authed,
        route((req) => {
            const roomId = requireString(req.query.roomId, 'roomId');
            const subscription = db.subscriptions.findOne((sub) => sub.rid === roomId && sub.u._id === req.user._id);
            return { subscription: subscription ?? null };
        }),
    );

    router.post(
        '/subscriptions.read',
        authed,
        route((req) => {
            const body = req.body ?? {};
            markRead(db, req.user, requireString(body.rid ?? body.roomId, 'rid'));
            return {};
        }),
    );

    router.get(
        '/settings/:_id',
        authed,
        requireAdmin,
        route((req) => {
            const setting = requireSetting(req.params._id);
            return { _id: setting._id, value: setting.value };
        }),
    );

    router.post(
        '/settings/:_id',
        authed,
        requireAdmin,
        route((req) => {
            const setting = requireSetting(req.params._id);
            const value = req.body?.value;
            const expected =
                setting.type === 'boolean'
                    ? 'boolean'
                    : setting.type === 'int'
                      ? 'number'
                      : setting.type === 'asset'
                        ? 'object'
                        : 'string';
            if (typeof value !== expected) {
                throw RestError.meteor('error-invalid-setting-value', `Invalid value for setting ${setting._id}`);
            }
            db.settings.replace({ ...setting, value, _updatedAt: new Date() });
            return {};
        }),
    );

    return router;
}
