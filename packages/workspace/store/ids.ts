import { createHash, randomBytes, randomInt } from 'node:crypto';

// Meteor's Random.id() alphabet and length, so ids look like a real server's.
const UNMISTAKABLE_CHARS = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/** A repeatable byte stream: SHA-256 of `<seed>:<stream>:<counter>`, block after block. */
class SeededBytes {
    private buffer = Buffer.alloc(0);
    private counter = 0;

    constructor(
        private readonly seed: number,
        private readonly stream: string,
    ) {}

    take(length: number): Buffer {
        while (this.buffer.length < length) {
            const block = createHash('sha256').update(`${this.seed}:${this.stream}:${this.counter++}`).digest();
            this.buffer = Buffer.concat([this.buffer, block]);
        }
        const taken = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        return taken;
    }
}

/** Ids and login tokens come from separate streams: an app that makes ids in the background cannot shift the tokens. */
let seeded: { ids: SeededBytes; tokens: SeededBytes } | undefined;

/**
 * With a seed, ids and login tokens repeat from one start to the next (`--seed`): the same steps give the same ids, and
 * the n-th login gets the same token. Without one (the default), they are random. For development only: a seeded
 * workspace's tokens can be guessed.
 */
export function seedIds(seed: number | undefined): void {
    seeded = seed === undefined ? undefined : { ids: new SeededBytes(seed, 'ids'), tokens: new SeededBytes(seed, 'tokens') };
}

export function randomId(length = 17): string {
    let id = '';
    for (let i = 0; i < length; i++) {
        const index = seeded ? seeded.ids.take(1)[0] % UNMISTAKABLE_CHARS.length : randomInt(UNMISTAKABLE_CHARS.length);
        id += UNMISTAKABLE_CHARS[index];
    }
    return id;
}

/** A login token: 32 random bytes, base64url (seeded with `seedIds`). */
export function randomToken(): string {
    return (seeded ? seeded.tokens.take(32) : randomBytes(32)).toString('base64url');
}
