/**
 * Type-level checks against Rocket.Chat's own types (@rocket.chat/core-typings, pinned 8.3.8): `npm run typecheck`
 * fails when the push.get notification drifts from core's IPushNotificationConfig. Nothing here runs.
 */
import type { IPushNotificationConfig } from '@rocket.chat/core-typings';

import type { buildPushNotification } from '../../lib/push/notification';

type Notification = ReturnType<typeof buildPushNotification>;

/** True when A is assignable to B; a mismatch makes the assignment below a compile error. */
type Assignable<A, B> = [A] extends [B] ? true : false;

/**
 * Core types `userId` as required; the app omits it only for a message without `u`, which core never stores. Every
 * notification with a sender is a core IPushNotificationConfig.
 */
export const notificationWithSenderIsCores: Assignable<Notification & { userId: string }, IPushNotificationConfig> = true;
export const notificationKeysAreCores: Assignable<keyof Notification, keyof IPushNotificationConfig> = true;
