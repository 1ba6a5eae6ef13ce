import type { RawUser } from '../store/types';

/** Users as the REST API shows them: never the `services` secrets. */
export function publicUser(user: RawUser) {
    const { services: _services, ...rest } = user;
    return rest;
}
