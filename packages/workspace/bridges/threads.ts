import { ThreadBridge } from '@rocket.chat/apps-engine/server/bridges/ThreadBridge';

import { convertThread } from '../converters/messages';
import type { AppObject, BridgeContext } from './context';

/** Root twice, natural order, tombstones and hidden copies included (docs/architecture.md#host-facts-a-maintainer-needs). */
export class WorkspaceThreadBridge extends ThreadBridge {
    constructor(private readonly context: BridgeContext) {
        super();
    }

    protected async getById(threadId: string): Promise<AppObject> {
        return convertThread(this.context.db, threadId);
    }
}
