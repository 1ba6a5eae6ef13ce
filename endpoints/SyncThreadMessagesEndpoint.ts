import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpointInfo, IApiExample, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import { canAccessRoom } from '../lib/access';
import { ApiError, meteorErrorBody, successResponse } from '../lib/envelope';
import { toRestThreadMessage } from '../lib/message/restMessage';
import { parseOptionalSyncParams, parseRequiredSyncParams } from '../lib/sync/params';
import { buildSyncResult } from '../lib/sync/response';
import { threadSnapshot, updatedAfter } from '../lib/sync/threadSnapshot';
import { observeThread, removeItems } from '../lib/tracking';
import { ensureRuntimeStartRecorded, runtimeStartedAt } from '../storage/runtimeStart';
import { DeletionTracking } from '../storage/deletionTracking';
import { randomKey } from '../storage/keys';
import { readAppSettings, readServerSetting, roomAccessFacts, unmapped, userAccessFacts } from './hostReads';
import { GetOnlyEndpoint } from './GetOnlyEndpoint';
import { runEndpoint } from './runEndpoint';

/**
 * A thread root: not a reply, and it has had replies (`tcount`/`tlm` stay on the root even when every reply is gone,
 * so deletions of a now-empty thread can still be synced).
 */
function isThreadRoot(message: IMessage): boolean {
    const bag = unmapped(message);
    return !message.threadId && (bag.tcount !== undefined || bag.tlm !== undefined);
}

function invalidMessage(): ApiError {
    return new ApiError(400, meteorErrorBody('Invalid Message', 'error-invalid-message'));
}

/**
 * GET chat.syncThreadMessages?tmid=&updatedSince=[&offset&count&sort&fields&query]: a thread's replies updated and
 * removed since a date (docs/chat.syncThreadMessages.md). Removals come from the deletion-tracking ledger (lib/tracking/).
 */
export class SyncThreadMessagesEndpoint extends GetOnlyEndpoint {
    public path = 'chat.syncThreadMessages';
    public authRequired = false;
    public examples: { [key: string]: IApiExample } = {
        'Replies changed since a date': {
            query: { tmid: 'rkJtrWaxRgB5WMkf3', updatedSince: '2019-04-01T00:00:00.000Z' },
            headers: { 'X-User-Id': '<user id>', 'X-Auth-Token': '<auth token>' },
        },
        'Second page of 50, newest first, ids and texts only': {
            query: {
                tmid: 'rkJtrWaxRgB5WMkf3',
                updatedSince: '2019-04-01T00:00:00.000Z',
                offset: '50',
                count: '50',
                sort: '{"_updatedAt":-1}',
                fields: '{"msg":1,"_updatedAt":1}',
            },
            headers: { 'X-User-Id': '<user id>', 'X-Auth-Token': '<auth token>' },
        },
    };

    public async get(
        request: IApiRequest,
        _endpoint: IApiEndpointInfo,
        read: IRead,
        _modify: IModify,
        _http: IHttp,
        persis: IPersistence,
    ): Promise<IApiResponse> {
        return runEndpoint(request, this.app.getLogger(), async (caller) => {
            // Unreadable counts as enabled (docs/chat.syncThreadMessages.md, order of checks).
            if ((await readServerSetting(read, 'Threads_enabled')) === false) {
                throw new ApiError(400, meteorErrorBody('Threads Disabled', 'error-not-allowed'));
            }
            const { tmid, updatedSince } = parseRequiredSyncParams(request.query);
            const tracking = new DeletionTracking(read.getPersistenceReader(), persis);
            // The ledger is read before the thread snapshot: a reply another writer stores meanwhile must not look
            // deleted (it is in the snapshot, not in the ledger).
            const [root, subscribedRoomIds, appSettings, ledger, coverage] = await Promise.all([
                read.getMessageReader().getById(tmid) as Promise<IMessage | undefined>,
                read.getUserReader().getUserRoomIds(caller.id),
                readAppSettings(read),
                tracking.loadThread(tmid),
                tracking.loadCoverage(runtimeStartedAt()),
                ensureRuntimeStartRecorded(read, persis),
            ]);
            if (!root) {
                throw invalidMessage();
            }
            const allowed =
                !!root.room &&
                canAccessRoom({
                    room: roomAccessFacts(root.room),
                    user: userAccessFacts(caller),
                    subscribedRoomIds: subscribedRoomIds ?? [],
                    grants: appSettings.viewGrants,
                });
            if (!allowed) {
                throw new ApiError(400, meteorErrorBody('Not Allowed', 'error-not-allowed'));
            }
            const params = parseOptionalSyncParams(request.query);
            if (!isThreadRoot(root)) {
                // As core (docs/chat.syncThreadMessages.md): a reply or a message without replies has no thread, so both lists are empty.
                return successResponse(buildSyncResult({ update: [], remove: [] }, params, new Date()));
            }

            const items = await read.getThreadReader().getThreadById(tmid);
            if (!items) {
                // null, not []: the host refused the read (threads.read not granted).
                throw new Error('getThreadById returned nothing: is the threads.read permission granted?');
            }
            const observedAt = new Date();
            const replies = threadSnapshot(items.map(toRestThreadMessage), tmid);
            if (!replies) {
                // The root vanished after getById (or its room did): this read is no observation of the thread, and
                // treating it as one would record every known reply as removed.
                throw invalidMessage();
            }
            const observation = observeThread(ledger, replies, observedAt, coverage, randomKey());
            await tracking.commit(tmid, observation);

            const result = buildSyncResult(
                { update: updatedAfter(replies, updatedSince), remove: removeItems(observation.removed, updatedSince) },
                params,
                observation.trackingSince,
            );
            return successResponse(result);
        });
    }
}
