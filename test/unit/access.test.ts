import type { AccessFacts, AccessRoomFacts, ViewGrants } from '../../lib/access';
import { canAccessRoom, DEFAULT_VIEW_GRANTS } from '../../lib/access';

const USER_ID = 'u1';

function facts(room: AccessRoomFacts, overrides: Partial<AccessFacts> = {}): AccessFacts {
    return { room, user: { id: USER_ID, roles: ['user'] }, subscribedRoomIds: [], grants: DEFAULT_VIEW_GRANTS, ...overrides };
}

const withRoles = (...roles: string[]) => ({ user: { id: USER_ID, roles } });
const subscribedTo = (...ids: string[]) => ({ subscribedRoomIds: new Set(ids) });
const grants = (changes: Partial<ViewGrants>) => ({ grants: { ...DEFAULT_VIEW_GRANTS, ...changes } });

describe('core default grants', () => {
    it('are core 6.x/7.x defaults for the five view permissions', () => {
        expect(DEFAULT_VIEW_GRANTS).toEqual({
            'view-c-room': ['admin', 'user', 'bot', 'app', 'anonymous'],
            'view-p-room': ['admin', 'user', 'anonymous', 'guest'],
            'view-d-room': ['admin', 'user', 'bot', 'app', 'guest'],
            'view-joined-room': ['guest', 'bot', 'app', 'anonymous'],
            'view-livechat-rooms': ['livechat-manager', 'livechat-monitor', 'admin'],
        });
    });
});

describe('every role × room type with the default grants', () => {
    /** The rooms of the table, each with whether the user is subscribed to it. */
    const ROOMS: Array<[string, AccessRoomFacts, boolean]> = [
        ['c', { id: 'c1', t: 'c' }, false],
        ['c joined', { id: 'c1', t: 'c' }, true],
        ['team main', { id: 'tm', t: 'c', teamId: 'T', isTeamMain: true }, false],
        ['team c', { id: 'tc', t: 'c', teamId: 'T' }, false],
        ['team c joined', { id: 'tc', t: 'c', teamId: 'T' }, true],
        ['p', { id: 'p1', t: 'p' }, false],
        ['p joined', { id: 'p1', t: 'p' }, true],
        ['d', { id: 'd1', t: 'd' }, false],
        ['d joined', { id: 'd1', t: 'd' }, true],
        ['l', { id: 'l1', t: 'l', servedById: 'agent9' }, false],
        ['l joined', { id: 'l1', t: 'l', servedById: 'agent9' }, true],
        ['l serving', { id: 'l1', t: 'l', servedById: USER_ID }, false],
        ['v', { id: 'v1', t: 'v' }, false],
    ];
    // Written out by hand from core's rules (docs/push.get.md#who-may-read-what), one column per room above.
    const EXPECTED: Array<[string, string]> = [
        //                    c  cJ tm tc tcJ p pJ d dJ l lJ lS v
        ['admin', /*      */ '1  1  1  0  1   0 1  0 1  1 1  1  1'],
        ['user', /*       */ '1  1  1  0  1   0 1  0 1  0 0  1  0'],
        ['bot', /*        */ '1  1  1  0  1   0 1  0 1  0 1  1  0'],
        ['app', /*        */ '1  1  1  0  1   0 1  0 1  0 1  1  0'],
        ['guest', /*      */ '0  1  0  0  1   0 1  0 1  0 1  1  0'],
        ['anonymous', /*  */ '1  1  1  0  1   0 1  0 1  0 1  1  0'],
        ['livechat-agent', '0  0  0  0  0   0 0  0 0  0 0  1  0'],
        ['livechat-manager', '0  0  0  0  0   0 0  0 0  1 1  1  1'],
        ['livechat-monitor', '0  0  0  0  0   0 0  0 0  1 1  1  1'],
        ['custom-role', /**/ '0  0  0  0  0   0 0  0 0  0 0  1  0'],
        ['', /*  no role */ '0  0  0  0  0   0 0  0 0  0 0  1  0'],
    ];
    const cases = EXPECTED.flatMap(([role, row]) =>
        row.split(/\s+/).map((cell, column): [string, string, AccessRoomFacts, boolean, boolean] => {
            const [name, room, subscribed] = ROOMS[column];
            return [role || '(none)', name, room, subscribed, cell === '1'];
        }),
    );

    it('has one cell per room', () => {
        for (const [, row] of EXPECTED) {
            expect(row.split(/\s+/)).toHaveLength(ROOMS.length);
        }
    });

    it.each(cases)('%s in %s', (role, _name, room, subscribed, expected) => {
        const roles = role === '(none)' ? [] : [role];
        expect(canAccessRoom(facts(room, { ...withRoles(...roles), ...(subscribed ? subscribedTo(room.id) : {}) }))).toBe(
            expected,
        );
    });
});

describe('canAccessRoom rules', () => {
    it.each<[string, AccessFacts, boolean]>([
        ['1. roles are matched exactly', facts({ id: 'c1', t: 'c' }, withRoles('User')), false],
        ['1. any one role of several suffices', facts({ id: 'c1', t: 'c' }, withRoles('livechat-agent', 'app')), true],
        ['1. an empty view-c-room list', facts({ id: 'c1', t: 'c' }, grants({ 'view-c-room': [] })), false],
        ['2. subscribed (array form)', facts({ id: 'p1', t: 'p' }, { subscribedRoomIds: ['x', 'p1'] }), true],
        ['2. subscribed to another room only', facts({ id: 'p1', t: 'p' }, subscribedTo('other')), false],
        [
            '2. subscribed, joined grant only for another role',
            facts({ id: 'p1', t: 'p' }, { ...withRoles('livechat-agent'), ...subscribedTo('p1') }),
            false,
        ],
        [
            '2. empty user id is never subscribed',
            facts({ id: 'p1', t: 'p' }, { user: { id: '', roles: ['user'] }, subscribedRoomIds: [''] }),
            false,
        ],
        // Rule 3: discussions follow their parent.
        [
            '3. discussion of a readable public channel',
            facts({ id: 'disc', t: 'p', prid: 'c1', parent: { id: 'c1', t: 'c' } }),
            true,
        ],
        [
            '3. discussion of a private group the user joined',
            facts({ id: 'disc', t: 'p', prid: 'p1', parent: { id: 'p1', t: 'p' } }, subscribedTo('p1')),
            true,
        ],
        [
            '3. discussion of a private group the user is not in',
            facts({ id: 'disc', t: 'p', prid: 'p1', parent: { id: 'p1', t: 'p' } }),
            false,
        ],
        [
            '3. discussion of a group joined without a view grant',
            facts(
                { id: 'disc', t: 'p', prid: 'p1', parent: { id: 'p1', t: 'p' } },
                { ...withRoles('reader'), ...subscribedTo('p1') },
            ),
            false,
        ],
        ['3. parent given without prid', facts({ id: 'disc', t: 'p', parent: { id: 'c1', t: 'c' } }), true],
        ['3. parent not loaded: denied', facts({ id: 'disc', t: 'p', prid: 'c1' }), false],
        [
            '3. parent is not the room prid names: denied',
            facts({ id: 'disc', t: 'p', prid: 'p9', parent: { id: 'c1', t: 'c' } }),
            false,
        ],
        [
            '3. nested discussions',
            facts({ id: 'd2', t: 'p', prid: 'd1', parent: { id: 'd1', t: 'p', prid: 'c1', parent: { id: 'c1', t: 'c' } } }),
            true,
        ],
        // Rule 4: livechat.
        [
            '4. no serving agent (or a deleted one): the agent role alone',
            facts({ id: 'l1', t: 'l' }, withRoles('livechat-agent')),
            false,
        ],
        ['4. voip room, serving agent', facts({ id: 'v1', t: 'v', servedById: USER_ID }, withRoles()), true],
        ['4. livechat roles do not open other rooms', facts({ id: 'p1', t: 'p' }, withRoles('livechat-manager')), false],
        // The old "membership suffices" rule is gone.
        [
            'membership alone: subscribed without any view grant',
            facts({ id: 'p1', t: 'p' }, { ...withRoles(), ...subscribedTo('p1') }),
            false,
        ],
        ['a DM member by uids only is no member', facts({ id: 'd1', t: 'd' }, withRoles('guest')), false],
        ['unknown room type, even subscribed', facts({ id: 'x1', t: 'x' }, subscribedTo('x1')), false],
        ['empty room type', facts({ id: 'x1', t: '' }, subscribedTo('x1')), false],
    ])('%s', (_rule, input, expected) => {
        expect(canAccessRoom(input)).toBe(expected);
    });

    it('denies past depth 10', () => {
        let room: AccessRoomFacts = { id: 'c0', t: 'c' };
        for (let level = 1; level <= 11; level++) {
            room = { id: `d${level}`, t: 'p', prid: room.id, parent: room };
        }
        expect(canAccessRoom(facts(room))).toBe(false);
        expect(canAccessRoom(facts(room.parent!))).toBe(true);
        expect(canAccessRoom(facts({ id: 'c1', t: 'c' }), 11)).toBe(false);
        expect(canAccessRoom(facts({ id: 'c1', t: 'c' }), 10)).toBe(true);
    });
});

describe('where ours differs from core (every row of the contract table)', () => {
    it.each<[string, AccessFacts, boolean]>([
        [
            'an admin removed user from view-p-room in core: follows the app setting once mirrored',
            facts({ id: 'p1', t: 'p' }, { ...subscribedTo('p1'), ...grants({ 'view-p-room': ['admin'] }) }),
            false,
        ],
        ['... and before it is mirrored, the default grant applies', facts({ id: 'p1', t: 'p' }, subscribedTo('p1')), true],
        [
            'custom role granted view-c-room in core, not in the app setting: denied',
            facts({ id: 'c1', t: 'c' }, withRoles('reader')),
            false,
        ],
        [
            'custom role added to the app setting: allowed',
            facts({ id: 'c1', t: 'c' }, { ...withRoles('reader'), ...grants({ 'view-c-room': ['reader'] }) }),
            true,
        ],
        [
            'custom role added to view-joined-room: allowed where joined',
            facts(
                { id: 'd1', t: 'd' },
                { ...withRoles('reader'), ...subscribedTo('d1'), ...grants({ 'view-joined-room': ['reader'] }) },
            ),
            true,
        ],
        ['non-member, public team non-main channel: denied', facts({ id: 'tc', t: 'c', teamId: 'T', isTeamMain: false }), false],
        [
            'team member not joined to a private team channel: denied',
            facts({ id: 'tp', t: 'p', teamId: 'T' }, subscribedTo('T-main')),
            false,
        ],
        [
            'livechat closed-room / department / queue-preview / visitor-token paths: denied',
            facts({ id: 'l1', t: 'l', servedById: 'u9' }, withRoles('livechat-agent', 'user')),
            false,
        ],
        ['ABAC-governed rooms: the rules above (joined with view-p-room)', facts({ id: 'p1', t: 'p' }, subscribedTo('p1')), true],
        ['ABAC-governed rooms: the rules above (not joined)', facts({ id: 'p1', t: 'p' }), false],
        ['unknown room types: denied', facts({ id: 'x1', t: 'e' }, { ...withRoles('admin'), ...subscribedTo('x1') }), false],
    ])('%s', (_row, input, expected) => {
        expect(canAccessRoom(input)).toBe(expected);
    });
});
