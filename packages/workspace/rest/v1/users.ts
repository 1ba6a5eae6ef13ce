import { RestError } from '../../functions/errors';
import { createUser, PREFERENCE_KEYS, saveUserPreferences, updateUser } from '../../functions/users';
import { requireAdmin } from '../auth';
import { publicUser } from '../serialize';
import type { V1Context } from './route';
import { requireString, route } from './route';

/** The keys of core's users.create body schema (rest-typings' UserCreateParamsPOST, `additionalProperties: false`). */
const USER_CREATE_KEYS = [
    'email',
    'name',
    'password',
    'username',
    'active',
    'bio',
    'nickname',
    'statusText',
    'roles',
    'joinDefaultChannels',
    'requirePasswordChange',
    'setRandomPassword',
    'sendWelcomeEmail',
    'verified',
    'customFields',
    'settings',
    'fields',
    'freeSwitchExtension',
    'phones',
];

/**
 * Core's answer when a route's body schema (AJV) refuses the request: Meteor.Error `invalid-params` (not
 * `error-invalid-params`) with AJV's message.
 */
const schemaRefusal = (message: string) => RestError.meteor('invalid-params', message);

function refuseOtherKeys(body: object, allowed: readonly string[]): void {
    if (Object.keys(body).some((key) => !allowed.includes(key))) {
        throw schemaRefusal('must NOT have additional properties');
    }
}

const isPlainObject = (value: unknown): value is { [key: string]: unknown } =>
    typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `users.create`, `users.update` (admin only, as the `create-user` / `edit-other-user-info` permissions) and
 * `users.setPreferences` (any user for themselves; an admin for anyone).
 */
export function mountUsersRoutes({ router, db, authed }: V1Context): void {
    router.post(
        '/users.create',
        authed,
        requireAdmin,
        route((req) => {
            const body = req.body ?? {};
            // Core's schema has no `language` (a user's language is a preference: users.setPreferences).
            refuseOtherKeys(body, USER_CREATE_KEYS);
            const user = createUser(db, {
                username: requireString(body.username, 'username'),
                password: requireString(body.password, 'password'),
                name: typeof body.name === 'string' ? body.name : undefined,
                email: typeof body.email === 'string' ? body.email : undefined,
                roles: Array.isArray(body.roles) ? body.roles : undefined,
            });
            return { user: publicUser(user) };
        }),
    );

    router.post(
        '/users.update',
        authed,
        requireAdmin,
        route((req) => {
            const body = req.body ?? {};
            const data = (body.data ?? {}) as { name?: string; roles?: string[]; language?: string; active?: boolean };
            return { user: publicUser(updateUser(db, requireString(body.userId, 'userId'), data)) };
        }),
    );

    // Core's order: the body schema, then the permission to edit another user, then that user's existence.
    router.post(
        '/users.setPreferences',
        authed,
        route((req) => {
            const body: unknown = req.body ?? {};
            if (!isPlainObject(body)) {
                throw schemaRefusal('must be object');
            }
            if (!('data' in body)) {
                throw schemaRefusal("must have required property 'data'");
            }
            refuseOtherKeys(body, ['userId', 'data']);
            if (body.userId !== undefined && body.userId !== null && typeof body.userId !== 'string') {
                throw schemaRefusal('must be string');
            }
            if (!isPlainObject(body.data)) {
                throw schemaRefusal('must be object');
            }
            refuseOtherKeys(body.data, PREFERENCE_KEYS);
            const { language } = body.data;
            if (language !== undefined && language !== null && typeof language !== 'string') {
                throw schemaRefusal('must be string');
            }
            const userId = typeof body.userId === 'string' && body.userId !== '' ? body.userId : req.user._id;
            if (userId !== req.user._id && !req.user.roles.includes('admin')) {
                throw RestError.meteor('error-action-not-allowed', 'Editing user is not allowed');
            }
            if (!db.users.findOneById(userId)) {
                throw RestError.meteor('error-invalid-user', 'The optional "userId" param provided does not match any users');
            }
            const saved = saveUserPreferences(db, userId, body.data);
            // Core answers the preferences with the top-level language over the stored one.
            return {
                user: {
                    _id: saved._id,
                    settings: { preferences: { ...saved.settings?.preferences, language: saved.language } },
                },
            };
        }),
    );
}
