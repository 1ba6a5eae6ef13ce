/**
 * Fast seeding for the benchmarks. Users and the room go through REST (few calls, as a client would); thread
 * replies are written with the workspace's own sendMessage directly on its database, so a 1000-reply thread takes
 * milliseconds instead of 1000 HTTP calls. Nothing here is timed.
 */
import type { MessageEvents, RawMessage, RestClient, Workspace } from '@push-sync/workspace';
import { findUserByUsername, RestClient as Client, sendMessage } from '@push-sync/workspace';

/** Seeding is not an event the app should see (and none of these would be delivered on a real bulk import). */
export const NO_EVENTS: MessageEvents = {
    messageSent() {},
    messageUpdated() {},
    messageDeleted() {},
};

/** Creates a user through users.create and logs in as them. */
export async function createUser(workspace: Workspace, admin: RestClient, username: string): Promise<Client> {
    const password = `${username}-pw`;
    const created = await admin.post('/api/v1/users.create', {
        username,
        password,
        email: `${username}@example.com`,
        name: username,
    });
    if (created.status !== 200) {
        throw new Error(`users.create ${username} failed: ${created.status} ${created.text}`);
    }
    return Client.login(workspace.url, username, password);
}

/** A public channel created by `owner` with `members`; returns its id. */
export async function createChannel(owner: RestClient, name: string, members: string[]): Promise<string> {
    const response = await owner.post<{ channel?: { _id: string } }>('/api/v1/channels.create', { name, members });
    if (response.status !== 200 || !response.body.channel) {
        throw new Error(`channels.create ${name} failed: ${response.status} ${response.text}`);
    }
    return response.body.channel._id;
}

/** A root message plus `replies` replies ("reply 0", "reply 1", …), authors alternating between the two users. */
export function seedThread(workspace: Workspace, rid: string, authors: [string, string], replies: number): RawMessage {
    const users = authors.map((username) => {
        const user = findUserByUsername(workspace.db, username);
        if (!user) {
            throw new Error(`seedThread: no user ${username}`);
        }
        return user;
    });
    const root = sendMessage(workspace.db, NO_EVENTS, users[0], { rid, msg: `thread of ${replies}` });
    for (let i = 0; i < replies; i++) {
        sendMessage(workspace.db, NO_EVENTS, users[i % 2], { rid, msg: `reply ${i}`, tmid: root._id });
    }
    return workspace.db.messages.findOneById(root._id)!;
}
