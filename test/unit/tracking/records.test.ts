import { identityOf } from '../../../lib/tracking';
import { identity, reply } from './fixtures';

describe('identityOf', () => {
    it('keeps ids, room, thread, send time, sender id and username, _updatedAt; never text or attachments', () => {
        expect(identityOf(reply('r1'), 'T')).toEqual(identity('r1'));
        expect(JSON.stringify(identityOf(reply('r1'), 'T'))).not.toContain('secret');
    });

    it('needs an id and a room', () => {
        expect(identityOf({ rid: 'ROOM' }, 'T')).toBeUndefined();
        expect(identityOf({ _id: 'x' }, 'T')).toBeUndefined();
    });
});
