import { ApiError } from '../../../lib/envelope';

/** The status and body of the ApiError that `action` throws. */
export function apiErrorOf(action: () => unknown): { status: number; body: unknown } {
    try {
        action();
    } catch (error) {
        if (error instanceof ApiError) {
            return { status: error.status, body: error.body };
        }
        throw error;
    }
    throw new Error('expected an ApiError');
}

/** The body of a sort, fields or query error (docs/chat.syncThreadMessages.md). */
export function jsonParamBody(kind: 'sort' | 'fields' | 'query', raw: string) {
    return {
        success: false,
        error: `Invalid ${kind} parameter provided: "${raw}" [error-invalid-${kind}]`,
        errorType: `error-invalid-${kind}`,
        details: { helperMethod: 'parseJsonQuery' },
    };
}

/** A reply as `query` sees it (date fields as Date objects). */
export const REPLY = {
    _id: 'r1',
    rid: 'ROOM',
    msg: 'Hello World',
    ts: new Date('2024-01-02T03:04:05.000Z'),
    u: { _id: 'u1', username: 'alice', name: 'Alice' },
    _updatedAt: new Date('2024-01-03T00:00:00.000Z'),
    tmid: 'T',
    mentions: [
        { _id: 'u2', username: 'bob' },
        { _id: 'u3', username: 'carol' },
    ],
    tags: ['a', 'b', 'c'],
    score: 5,
    pinned: false,
    e2e: 'done',
    multiline: 'first\nsecond',
    attachments: [{ title: 'doc', ts: new Date('2024-01-01T00:00:00.000Z') }],
};
