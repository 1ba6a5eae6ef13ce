import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';

import { convertMessage } from '../converters/messages';
import { convertUserToApp } from '../converters/users';
import type { MessageEvents } from '../functions/messages';
import type { Database } from '../store/Database';
import type { RawMessage, RawUser } from '../store/types';

/**
 * Delivers message events to apps the way core's listener bridge does: the message fully converted, and for
 * deletions the context `{ message, user }`. Post events are fire-and-forget, as on a server.
 */
export class AppEventDispatcher implements MessageEvents {
    constructor(
        private readonly db: Database,
        private readonly manager: () => AppManager | undefined,
    ) {}

    private deliver(event: AppInterface, payload: unknown): void {
        const manager = this.manager();
        if (!manager?.areAppsLoaded()) {
            return;
        }
        manager
            .getListenerManager()
            .executeListener(event as never, payload as never)
            .catch((error: unknown) => console.error(`[workspace] ${event} listener failed:`, error));
    }

    messageSent(message: RawMessage): void {
        this.deliver(AppInterface.IPostMessageSent, convertMessage(this.db, message));
    }

    messageUpdated(message: RawMessage): void {
        this.deliver(AppInterface.IPostMessageUpdated, convertMessage(this.db, message));
    }

    /** Converted from the document read before deletion, so room, sender and bag are intact. */
    messageDeleted(messageBefore: RawMessage, deleter: RawUser): void {
        // The document may be gone already; convert from the copy taken before deletion.
        this.deliver(AppInterface.IPostMessageDeleted, {
            message: convertMessage(this.db, messageBefore),
            user: convertUserToApp(deleter),
        });
    }
}
