import { createUser, updateUser } from '../../functions/users';
import { requireAdmin } from '../auth';
import { publicUser } from '../serialize';
import type { V1Context } from './route';
import { requireString, route } from './route';

/** `users.create`, `users.update` (admin only, as the `create-user` / `edit-other-user-info` permissions). */
export function mountUsersRoutes({ router, db, authed }: V1Context): void {
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
}
