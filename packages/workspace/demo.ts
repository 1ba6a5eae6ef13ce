import type { MessageEvents } from './functions/messages';
import { sendMessage } from './functions/messages';
import { createDirect, createRoom } from './functions/rooms';
import { createUser } from './functions/users';
import type { Database } from './store/Database';

export interface DemoData {
    users: { [username: string]: { username: string; password: string; id: string } };
    rooms: { channel: string; group: string; direct: string };
    messages: { channelMessage: string; threadRoot: string; threadReplies: string[]; directMessage: string };
}

/** Demo content for `npm start`: two users, a channel, a private group, a DM and a thread with replies. */
export function seedDemoData(db: Database, events: MessageEvents): DemoData {
    const alice = createUser(db, {
        username: 'alice',
        password: 'alice-password',
        name: 'Alice Martin',
        email: 'alice@example.com',
        language: 'en',
    });
    const bruno = createUser(db, {
        username: 'bruno',
        password: 'bruno-password',
        name: 'Bruno Costa',
        email: 'bruno@example.com',
        language: 'pt-BR',
    });
    const channel = createRoom(db, { type: 'c', name: 'general', owner: alice, members: ['bruno'] });
    const group = createRoom(db, { type: 'p', name: 'release-team', owner: alice, members: ['bruno'] });
    const direct = createDirect(db, alice, ['bruno']);

    const channelMessage = sendMessage(db, events, alice, {
        rid: channel._id,
        msg: 'Welcome to the demo workspace :wave: @bruno',
    });
    const threadRoot = sendMessage(db, events, alice, { rid: group._id, msg: 'Release *2.0* checklist, reply in the thread' });
    const threadReplies = [
        sendMessage(db, events, bruno, { rid: group._id, tmid: threadRoot._id, msg: 'Changelog is done :white_check_mark:' }),
        sendMessage(db, events, alice, { rid: group._id, tmid: threadRoot._id, msg: 'Thanks @bruno, tagging tomorrow' }),
    ];
    const directMessage = sendMessage(db, events, bruno, { rid: direct._id, msg: 'Lunch at noon?' });

    return {
        users: {
            alice: { username: 'alice', password: 'alice-password', id: alice._id },
            bruno: { username: 'bruno', password: 'bruno-password', id: bruno._id },
        },
        rooms: { channel: channel._id, group: group._id, direct: direct._id },
        messages: {
            channelMessage: channelMessage._id,
            threadRoot: threadRoot._id,
            threadReplies: threadReplies.map((reply) => reply._id),
            directMessage: directMessage._id,
        },
    };
}
