import { checkPassword, findUserByUsername, issueLoginToken } from '../../functions/users';
import { publicUser } from '../serialize';
import type { V1Context } from './route';
import { route } from './route';

/** `login` (core's REST login) and `me`. */
export function mountLoginRoutes({ router, db, authed }: V1Context): void {
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
}
