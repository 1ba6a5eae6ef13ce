/** Typed user reads. */
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

/** `IUserRead.getById` as it answers: undefined (or `null` over the pipe) when there is no such user. */
export async function readUser(read: IRead, id: string): Promise<IUser | undefined> {
    return (await read.getUserReader().getById(id)) ?? undefined;
}

/** The unread total over the user's subscriptions (push.get's badge); 0 when the host gives no number. */
export async function readBadge(read: IRead, userId: string): Promise<number> {
    const badge: unknown = await read.getUserReader().getUserUnreadMessageCount(userId);
    return typeof badge === 'number' ? badge : 0;
}
