import { RestError } from '../../functions/errors';
import { deleteMessage, sendMessage, updateMessage } from '../../functions/messages';
import type { V1Context } from './route';
import { requireString, route } from './route';

/** `chat.sendMessage`, `chat.update`, `chat.delete`. */
export function mountChatRoutes({ router, db, events, authed }: V1Context): void {
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
}
