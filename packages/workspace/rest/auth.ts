import type { NextFunction, Request, Response } from 'express';

import { findUserByToken } from '../functions/users';
import type { Database } from '../store/Database';
import type { RawUser } from '../store/types';

/** Core 7.x/8.x body for a missing or invalid login on /api/v1 (authenticationHono.ts). */
export const UNAUTHORIZED_BODY = {
    success: false,
    error: 'You must be logged in to do this.',
    status: 'error',
    message: 'You must be logged in to do this.',
};

export type AuthedRequest = Request & { user?: RawUser };

/** `X-User-Id` + `X-Auth-Token` against the hashed login and personal access tokens. */
export function userFromHeaders(db: Database, req: Request): RawUser | undefined {
    const userId = req.header('x-user-id');
    const token = req.header('x-auth-token');
    return userId && token ? findUserByToken(db, userId, token) : undefined;
}

export function requireUser(db: Database) {
    return (req: AuthedRequest, res: Response, next: NextFunction) => {
        req.user = userFromHeaders(db, req);
        if (!req.user) {
            res.status(401).json(UNAUTHORIZED_BODY);
            return;
        }
        next();
    };
}

export function requireAdmin(req: AuthedRequest, res: Response, next: NextFunction): void {
    if (!req.user?.roles.includes('admin')) {
        res.status(403).json({
            success: false,
            error: 'User does not have the permissions required for this action [error-unauthorized]',
        });
        return;
    }
    next();
}
