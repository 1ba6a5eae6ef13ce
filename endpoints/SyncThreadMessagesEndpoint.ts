import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpointInfo, IApiExample, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import { canAccessRoom } from '../lib/access';
import { ApiError, meteorErrorBody, successResponse } from '../lib/http/envelope';
import { toRestThreadMessage } from '../lib/message/restMessage';
import { parseOptionalSyncParams, parseRequiredSyncParams } from '../lib/sync/params';
import { buildSyncResult } from '../lib/sync/response';
import {
    knownRepliesToStore,
    reconcile,
    removalsSince,
    threadReplies,
    trackingRecord,
    trackingSince,
    updatedAfter,
} from '../lib/sync/threadDiff';
import { ThreadRecords } from '../storage/threadRecords';
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

/**
 * GET chat.syncThreadMessages?tmid=&updatedSince=[&offset&count&sort&fields&query]: a thread's replies updated and
 * removed since a date (rocketchat-contract.md §4). Removals come from the app's own records (host.md §6.5).
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
            // Unreadable counts as enabled (contract §4.2 row 2).
            if ((await readServerSetting(read, 'Threads_enabled')) === false) {
                throw new ApiError(400, meteorErrorBody('Threads Disabled', 'error-not-allowed'));
            }
            const { tmid, updatedSince } = parseRequiredSyncParams(request.query);
            const records = new ThreadRecords(read.getPersistenceReader(), persis);
            // The stored records are read before the thread snapshot: a reply another sync stores meanwhile must not
            // look deleted (it is in the snapshot, not in our records).
            const [root, subscribedRoomIds, appSettings, stored, purgedBefore] = await Promise.all([
                read.getMessageReader().getById(tmid) as Promise<IMessage | undefined>,
                read.getUserReader().getUserRoomIds(caller.id),
                readAppSettings(read),
                records.load(tmid),
                records.purgedBefore(),
            ]);
            if (!root || !isThreadRoot(root)) {
                throw new ApiError(400, meteorErrorBody('Invalid Message', 'error-invalid-message'));
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
            const params = parseOptionalSyncParams(request.query, { maxCount: appSettings.syncMaxCount });

            const items = await read.getThreadReader().getThreadById(tmid);
            if (!items) {
                // null, not []: the host refused the read (threads.read not granted).
                throw new Error('getThreadById returned nothing: is the threads.read permission granted?');
            }
            const replies = threadReplies(items.map(toRestThreadMessage), tmid);
            const now = new Date();
            const { removals, staleKnownIds } = reconcile(stored.known, replies, stored.removals, now);
            const tracking = stored.tracking.length > 0 ? [] : [trackingRecord(tmid, now)];
            await Promise.all([
                records.add([...removals, ...tracking]),
                records.saveKnown(knownRepliesToStore(stored.known, replies, tmid)),
            ]);
            // Only once the removals are stored: otherwise a failure here would forget the deletion.
            await records.dropKnown(tmid, staleKnownIds);

            const result = buildSyncResult(
                {
                    update: updatedAfter(replies, updatedSince),
                    remove: removalsSince([...stored.removals, ...removals], updatedSince),
                },
                params,
                trackingSince([...stored.tracking, ...tracking], purgedBefore),
            );
            return successResponse(result);
        });
    }
}
