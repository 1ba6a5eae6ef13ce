import type { AccessFacts, AccessRoomFacts } from '../../lib/access';
import { canAccessRoom, DEFAULT_PUBLIC_CHANNEL_ROLES } from '../../lib/access';

const USER = { id: 'u1', username: 'alice', roles: ['user'] };

function facts(room: AccessRoomFacts, overrides: Partial<AccessFacts> = {}): AccessFacts {
    return { room, user: USER, subscribedRoomIds: [], publicChannelRoles: DEFAULT_PUBLIC_CHANNEL_ROLES, ...overrides };
}

const withRoles = (...roles: string[]) => ({ user: { ...USER, roles } });
const subscribedTo = (...ids: string[]) => ({ subscribedRoomIds: new Set(ids) });

describe('canAccessRoom (contract §3.2)', () => {
    it.each<[string, AccessFacts, boolean]>([
        // Rule 1: public channel outside a team, or the team's main room, by role.
        ['1. public channel, role user', facts({ id: 'c1', t: 'c' }), true],
        ['1. public channel, role admin', facts({ id: 'c1', t: 'c' }, withRoles('admin')), true],
        ['1. public channel, role bot', facts({ id: 'c1', t: 'c' }, withRoles('bot')), true],
        ['1. public channel, role app', facts({ id: 'c1', t: 'c' }, withRoles('app')), true],
        ['1. public channel, role guest only', facts({ id: 'c1', t: 'c' }, withRoles('guest')), false],
        ['1. public channel, anonymous (not a default holder here)', facts({ id: 'c1', t: 'c' }, withRoles('anonymous')), false],
        ['1. public channel, no roles', facts({ id: 'c1', t: 'c' }, withRoles()), false],
        ['1. public team main room, role user', facts({ id: 't1', t: 'c', teamId: 'T', isTeamMain: true }), true],
        [
            '1. custom public channel roles setting',
            facts({ id: 'c1', t: 'c' }, { ...withRoles('guest'), publicChannelRoles: ['guest'] }),
            true,
        ],
        ['1. empty public channel roles setting', facts({ id: 'c1', t: 'c' }, { publicChannelRoles: [] }), false],
        // Rule 2: membership, every type.
        ['2. private group, subscribed', facts({ id: 'p1', t: 'p' }, subscribedTo('p1')), true],
        ['2. private group, subscribed (array)', facts({ id: 'p1', t: 'p' }, { subscribedRoomIds: ['x', 'p1'] }), true],
        ['2. private group, not subscribed', facts({ id: 'p1', t: 'p' }, subscribedTo('other')), false],
        ['2. private group, admin not subscribed', facts({ id: 'p1', t: 'p' }, withRoles('admin')), false],
        ['2. DM, subscribed', facts({ id: 'd1', t: 'd' }, subscribedTo('d1')), true],
        ['2. DM, member by room member ids', facts({ id: 'd1', t: 'd', userIds: ['u1', 'u2'] }), true],
        ['2. DM, not a member', facts({ id: 'd1', t: 'd', userIds: ['u2', 'u3'] }), false],
        ['2. member ids count for DMs only', facts({ id: 'p1', t: 'p', userIds: ['u1'] }), false],
        [
            '2. public channel, guest but subscribed',
            facts({ id: 'c1', t: 'c' }, { ...withRoles('guest'), ...subscribedTo('c1') }),
            true,
        ],
        ['2. livechat room, subscribed agent', facts({ id: 'l1', t: 'l' }, subscribedTo('l1')), true],
        // Rule 3: discussions follow their parent.
        [
            '3. discussion of a readable public channel',
            facts({ id: 'disc', t: 'p', prid: 'c1', parent: { id: 'c1', t: 'c' } }),
            true,
        ],
        [
            '3. discussion of a private group the user is in',
            facts({ id: 'disc', t: 'p', prid: 'p1', parent: { id: 'p1', t: 'p' } }, subscribedTo('p1')),
            true,
        ],
        [
            '3. discussion of a private group the user is not in',
            facts({ id: 'disc', t: 'p', prid: 'p1', parent: { id: 'p1', t: 'p' } }),
            false,
        ],
        ['3. discussion, parent given without prid', facts({ id: 'disc', t: 'p', parent: { id: 'c1', t: 'c' } }), true],
        ['3. discussion, parent not loaded: denied', facts({ id: 'disc', t: 'p', prid: 'c1' }), false],
        [
            '3. discussion, parent is not the room prid names: denied',
            facts({ id: 'disc', t: 'p', prid: 'p9', parent: { id: 'c1', t: 'c' } }),
            false,
        ],
        [
            '3. nested discussions',
            facts({ id: 'd2', t: 'p', prid: 'd1', parent: { id: 'd1', t: 'p', prid: 'c1', parent: { id: 'c1', t: 'c' } } }),
            true,
        ],
        // Rule 4: livechat.
        ['4. livechat, serving agent', facts({ id: 'l1', t: 'l', servedById: 'u1' }, withRoles('livechat-agent')), true],
        ['4. livechat, another agent', facts({ id: 'l1', t: 'l', servedById: 'u9' }, withRoles('livechat-agent')), false],
        ['4. livechat, no agent yet', facts({ id: 'l1', t: 'l' }, withRoles('livechat-agent')), false],
        ['4. livechat, admin', facts({ id: 'l1', t: 'l', servedById: 'u9' }, withRoles('admin')), true],
        ['4. livechat, manager', facts({ id: 'l1', t: 'l' }, withRoles('livechat-manager')), true],
        ['4. livechat, monitor', facts({ id: 'l1', t: 'l' }, withRoles('livechat-monitor')), true],
        ['4. voip room, serving agent', facts({ id: 'v1', t: 'v', servedById: 'u1' }), true],
        ['4. voip room, plain user', facts({ id: 'v1', t: 'v' }), false],
        ['4. livechat roles do not open other rooms', facts({ id: 'p1', t: 'p' }, withRoles('livechat-manager')), false],
        // Rule 5: public channel inside a team (not main): membership only.
        ['5. team channel, not a member', facts({ id: 'tc', t: 'c', teamId: 'T', isTeamMain: false }, withRoles('admin')), false],
        ['5. team channel, main flag absent', facts({ id: 'tc', t: 'c', teamId: 'T' }), false],
        ['5. team channel, member', facts({ id: 'tc', t: 'c', teamId: 'T' }, subscribedTo('tc')), true],
        // Any other room type.
        ['unknown room type, even subscribed', facts({ id: 'x1', t: 'x' }, subscribedTo('x1')), false],
        ['empty room type', facts({ id: 'x1', t: '' }, subscribedTo('x1')), false],
        ['empty user id is never a member', facts({ id: 'd1', t: 'd', userIds: [''] }, { user: { ...USER, id: '' } }), false],
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

describe('where ours differs from core (contract §3.3)', () => {
    it.each<[string, AccessFacts, boolean]>([
        [
            'custom role granted view-c-room in core: denied unless listed',
            facts({ id: 'c1', t: 'c' }, withRoles('reader')),
            false,
        ],
        [
            'custom role listed in the app setting: allowed',
            facts({ id: 'c1', t: 'c' }, { ...withRoles('reader'), publicChannelRoles: ['reader'] }),
            true,
        ],
        [
            'subscribed without view permissions (core denies): allowed',
            facts({ id: 'p1', t: 'p' }, { ...withRoles(), ...subscribedTo('p1') }),
            true,
        ],
        ['non-member, public team non-main channel: denied', facts({ id: 'tc', t: 'c', teamId: 'T', isTeamMain: false }), false],
        [
            'team member not joined to a private team channel: denied',
            facts({ id: 'tp', t: 'p', teamId: 'T' }, subscribedTo('T-main')),
            false,
        ],
        [
            'livechat closed-room / department / queue / token paths: denied',
            facts({ id: 'l1', t: 'l', servedById: 'u9' }, withRoles('livechat-agent')),
            false,
        ],
        ['ABAC rooms: membership decides', facts({ id: 'p1', t: 'p' }, subscribedTo('p1')), true],
    ])('%s', (_row, input, expected) => {
        expect(canAccessRoom(input)).toBe(expected);
    });
});
