import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpointInfo, IApiExample, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';

import { ApiError, meteorErrorBody, successResponse } from '../lib/envelope';
import { toRestThreadMessage } from '../lib/message';
import { buildSyncResult, checkRequiredSyncParams, parseOptionalSyncParams, threadSnapshot, updatedAfter } from '../lib/sync';
import { removeItems } from '../lib/tracking';
import { readRoomAccess } from '../host/access';
import { isThreadRoot, readMessage, readThread } from '../host/messages';
import { readAppSettings, readThreadsEnabled } from '../host/settings';
import { DeletionTracking } from '../storage/deletionTracking';
import { ensureRuntimeStartRecorded, runtimeStartedAt } from '../storage/runtimeStart';
import { EXAMPLE_HEADERS, GetOnlyEndpoint } from './GetOnlyEndpoint';
import { runEndpoint } from './runEndpoint';

const threadsDisabled = () => new ApiError(400, meteorErrorBody('Threads Disabled', 'error-not-allowed'));
const invalidMessage = () => new ApiError(400, meteorErrorBody('Invalid Message', 'error-invalid-message'));
const notAllowed = () => new ApiError(400, meteorErrorBody('Not Allowed', 'error-not-allowed'));

/**
 * GET chat.syncThreadMessages?tmid=&updatedSince=[&offset&count&sort&fields&query]: a thread's replies updated and
 * removed since a date (docs/chat.syncThreadMessages.md). Removals come from the deletion-tracking ledger (lib/tracking/).
 */
export class SyncThreadMessagesEndpoint extends GetOnlyEndpoint {
    public path = 'chat.syncThreadMessages' as const;
    public authRequired = false;
    public examples: { [key: string]: IApiExample } = {
        'Replies changed since a date': {
            query: { tmid: 'rkJtrWaxRgB5WMkf3', updatedSince: '2019-04-01T00:00:00.000Z' },
            headers: EXAMPLE_HEADERS,
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
            headers: EXAMPLE_HEADERS,
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
        return runEndpoint(request, this.app.getLogger(), { endpoint: this.path, read }, async (caller, usage) => {
            const required = checkRequiredSyncParams(request.query);
            const rootId = required.ok ? required.value.tmid : undefined;
            // One round (docs/chat.syncThreadMessages.md#cost); its failures are answered in the order of checks.
            const [threadsEnabled, root, access] = await Promise.all([
                readThreadsEnabled(read),
                rootId === undefined ? undefined : readMessage(read, rootId),
                rootId === undefined ? undefined : readRoomAccess(read, caller.id),
            ]);
            if (!threadsEnabled) {
                throw threadsDisabled();
            }
            if (!required.ok) {
                throw required.failure;
            }
            if (!root) {
                throw invalidMessage();
            }
            if (!access?.canAccessRoom(root.room, caller)) {
                throw notAllowed();
            }
            const params = parseOptionalSyncParams(request.query);
            if (!isThreadRoot(root)) {
                // As core: a reply or a message without replies has no thread, so both lists are empty.
                return successResponse(buildSyncResult({ update: [], remove: [] }, params, new Date()));
            }
            const { tmid, updatedSince } = required.value;
            const tracking = DeletionTracking.of(read, persis);
            // This runtime's start is stored before any observation, so the other instances' syncs see it.
            const [{ removalRetentionDays }] = await Promise.all([readAppSettings(read), ensureRuntimeStartRecorded(tracking)]);
            const takeSnapshot = async () => {
                const replies = threadSnapshot((await readThread(read, tmid)).map(toRestThreadMessage), tmid);
                // The budget counts what was read, whatever comes next (docs/chat.syncThreadMessages.md#rate-limits).
                usage.charge(replies?.length ?? 0);
                if (!replies) {
                    // The root vanished after getById (or its room did): no observation, or every reply would look removed.
                    throw invalidMessage();
                }
                return replies;
            };
            const observed = await tracking.observe(tmid, takeSnapshot, {
                retentionDays: removalRetentionDays,
                localStart: runtimeStartedAt(),
            });
            const lists = {
                update: updatedAfter(observed.replies, updatedSince),
                remove: removeItems(observed.removed, updatedSince),
            };
            return successResponse(buildSyncResult(lists, params, observed.trackingSince));
        });
    }
}
