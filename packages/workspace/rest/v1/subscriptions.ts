import { markRead } from '../../functions/messages';
import type { V1Context } from './route';
import { requireString, route } from './route';

/** `subscriptions.getOne`, `subscriptions.read`. */
export function mountSubscriptionsRoutes({ router, db, authed }: V1Context): void {
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
}
