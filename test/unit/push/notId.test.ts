import { hashString, notificationId } from '../../../lib/push/notId';

describe('notification id', () => {
    it.each<[string, number]>([
        ['abc|GENERAL', 1345209326],
        ['xyz|GENERAL', 1345232165],
        ['a', 97],
        ['', 0],
        ['7bHdEeGgHGKhfPLNd|GENERAL', -1462553727],
    ])('hashString(%j) = %d (docs/push.get.md)', (input, expected) => {
        expect(hashString(input)).toBe(expected);
    });

    it('walks UTF-16 units from the last one: Java hashCode of the reversed string', () => {
        // "ab" walked from the end: h = 'b', then 31·'b' + 'a'.
        expect(hashString('ab')).toBe(98 * 31 + 97);
        expect(hashString('😀')).toBe(0xde00 * 31 + 0xd83d);
    });

    it('stays a signed 32-bit integer', () => {
        const hash = hashString('x'.repeat(1000));
        expect(Number.isInteger(hash)).toBe(true);
        expect(hash).toBe(hash | 0);
    });

    it('hashes `uniqueID|rid`', () => {
        expect(notificationId('7bHdEeGgHGKhfPLNd', 'GENERAL')).toBe(-1462553727);
        expect(notificationId('abc', 'GENERAL')).toBe(1345209326);
    });
});
