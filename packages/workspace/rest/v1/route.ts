import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';

import { RestError } from '../../functions/errors';
import type { MessageEvents } from '../../functions/messages';
import { isMember } from '../../functions/rooms';
import type { Database } from '../../store/Database';
import type { RawRoom, RawUser } from '../../store/types';
import type { AuthedRequest } from '../auth';

/** What every /api/v1 domain file needs to mount its routes. */
export interface V1Context {
    router: Router;
    db: Database;
    events: MessageEvents;
    /** core's `authRequired: true`: the caller's `X-User-Id` / `X-Auth-Token` must be valid. */
    authed: RequestHandler;
}

type Handler = (req: AuthedRequest & { user: RawUser }) => object | Promise<object>;

/** Runs a route and answers core's envelope: `{...result, success: true}` or the RestError's body. */
export function route(handler: Handler) {
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

export function requireString(value: unknown, name: string): string {
    if (typeof value !== 'string' || value === '') {
        throw RestError.meteor('error-invalid-params', `The '${name}' param is required`);
    }
    return value;
}

export function requireDate(value: unknown, name: string): Date {
    const date = new Date(requireString(value, name));
    if (Number.isNaN(date.getTime())) {
        throw RestError.meteor('error-invalid-params', `The '${name}' param must be a date`);
    }
    return date;
}

export function roomMembersAllowed(db: Database, room: RawRoom, user: RawUser): void {
    if (!isMember(db, room._id, user._id) && !user.roles.includes('admin')) {
        throw RestError.forbidden();
    }
}
