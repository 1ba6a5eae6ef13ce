import { MessageBridge } from '@rocket.chat/apps-engine/server/bridges';

import { convertMessage } from '../converters/messages';
import type { AppObject, BridgeContext } from './context';
import { notImplemented } from './context';

/** Reads only: getById is Messages.findOneById + full conversion, hidden copies and tombstones included. */
export class WorkspaceMessageBridge extends MessageBridge {
    constructor(private readonly context: BridgeContext) {
        super();
    }

    protected async getById(messageId: string): Promise<AppObject> {
        return convertMessage(this.context.db, this.context.db.messages.findOneById(messageId));
    }

    protected async create(): Promise<string> {
        return notImplemented('MessageBridge', 'create');
    }

    protected async update(): Promise<void> {
        notImplemented('MessageBridge', 'update');
    }

    protected async notifyUser(): Promise<void> {
        notImplemented('MessageBridge', 'notifyUser');
    }

    protected async notifyRoom(): Promise<void> {
        notImplemented('MessageBridge', 'notifyRoom');
    }

    protected async typing(): Promise<void> {
        notImplemented('MessageBridge', 'typing');
    }

    protected async delete(): Promise<void> {
        notImplemented('MessageBridge', 'delete');
    }

    protected async addReaction(): Promise<void> {
        notImplemented('MessageBridge', 'addReaction');
    }

    protected async removeReaction(): Promise<void> {
        notImplemented('MessageBridge', 'removeReaction');
    }
}
