import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';

import { DEFAULT_PUBLIC_CHANNEL_ROLES } from '../access';

/** The app's own settings (Administration › Apps › Push Sync › Settings). Labels live in i18n/. */
export enum AppSetting {
    PublicChannelRoles = 'public_channel_roles',
    RemovalRetentionDays = 'removal_retention_days',
}

export const DEFAULT_REMOVAL_RETENTION_DAYS = 30;

export const APP_SETTINGS: ISetting[] = [
    {
        id: AppSetting.PublicChannelRoles,
        type: SettingType.STRING,
        packageValue: DEFAULT_PUBLIC_CHANNEL_ROLES.join(','),
        required: false,
        public: false,
        i18nLabel: AppSetting.PublicChannelRoles,
        i18nDescription: `${AppSetting.PublicChannelRoles}_description`,
    },
    {
        id: AppSetting.RemovalRetentionDays,
        type: SettingType.NUMBER,
        packageValue: DEFAULT_REMOVAL_RETENTION_DAYS,
        required: false,
        public: false,
        i18nLabel: AppSetting.RemovalRetentionDays,
        i18nDescription: `${AppSetting.RemovalRetentionDays}_description`,
    },
];

/** "admin, user" → ['admin', 'user']; anything unusable falls back to the default list. */
export function parseRoleList(value: unknown): string[] {
    if (typeof value !== 'string') {
        return [...DEFAULT_PUBLIC_CHANNEL_ROLES];
    }
    return value
        .split(',')
        .map((role) => role.trim())
        .filter((role) => role !== '');
}

/** A positive whole number setting; anything else (empty, negative, text) gives the default. */
export function parsePositiveInteger(value: unknown, fallback: number): number {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : fallback;
}
