import { randomId } from './ids';
import type { RawSetting } from './types';

type SettingSeed = Pick<
    RawSetting,
    '_id' | 'type' | 'public' | 'hidden' | 'group' | 'values' | 'secret' | 'i18nLabel' | 'i18nDescription'
> & {
    value: unknown;
};

/**
 * The server settings the workspace knows, with Rocket.Chat core's defaults and flags. Apps may read a setting
 * unless it is hidden (and not listed in their `hiddenSettings`), as core's settings bridge decides (packages/workspace/README.md). Groups,
 * select values and the `secret` flag are core's.
 * `Site_Url` is filled with the workspace's own URL when it starts.
 */
export function defaultSettings(siteUrl: string): SettingSeed[] {
    return [
        { _id: 'Site_Url', type: 'string', public: true, group: 'General', value: siteUrl },
        { _id: 'uniqueID', type: 'string', public: true, value: randomId() },
        { _id: 'Language', type: 'language', public: true, group: 'General', value: 'en' },
        { _id: 'Push_show_message', type: 'boolean', public: true, group: 'Push', value: true },
        { _id: 'Push_show_username_room', type: 'boolean', public: true, group: 'Push', value: true },
        { _id: 'UI_Use_Real_Name', type: 'boolean', public: true, group: 'Layout', value: false },
        { _id: 'UI_Allow_room_names_with_special_chars', type: 'boolean', public: true, group: 'Layout', value: false },
        { _id: 'Threads_enabled', type: 'boolean', public: true, group: 'Threads', i18nLabel: 'Enable', value: true },
        { _id: 'Message_KeepHistory', type: 'boolean', public: true, group: 'Message', value: false },
        { _id: 'Message_ShowDeletedStatus', type: 'boolean', public: true, group: 'Message', value: false },
        {
            _id: 'E2E_Enable',
            type: 'boolean',
            public: true,
            group: 'End-to-end_encryption',
            i18nLabel: 'End-to-end_encryption',
            i18nDescription: 'E2E_Enable_description',
            value: false,
        },
        {
            _id: 'Unread_Count',
            type: 'select',
            public: true,
            group: 'General',
            values: [
                { key: 'all_messages', i18nLabel: 'All_messages' },
                { key: 'user_mentions_only', i18nLabel: 'User_mentions_only' },
                { key: 'group_mentions_only', i18nLabel: 'Group_mentions_only' },
                { key: 'user_and_group_mentions_only', i18nLabel: 'User_and_group_mentions_only' },
            ],
            value: 'user_and_group_mentions_only',
        },
        {
            _id: 'Unread_Count_DM',
            type: 'select',
            public: true,
            group: 'General',
            values: [
                { key: 'all_messages', i18nLabel: 'All_messages' },
                { key: 'mentions_only', i18nLabel: 'Mentions_only' },
            ],
            value: 'all_messages',
        },
        {
            _id: 'Assets_favicon_192',
            type: 'asset',
            public: true,
            group: 'Assets',
            i18nLabel: 'favicon.png (192x192)',
            value: { defaultUrl: 'images/logo/android-chrome-192x192.png' },
        },
        // A hidden setting, so that the "not readable" path of the settings bridge can be exercised.
        {
            _id: 'Cloud_Workspace_Client_Secret',
            type: 'string',
            public: false,
            hidden: true,
            secret: true,
            group: 'Setup_Wizard',
            value: randomId(32),
        },
    ];
}

/** A seed as core's settings registry stores it (getSettingDefaults): label, description key, flags and `ts` filled in. */
export function toRawSetting(seed: SettingSeed, now: Date): RawSetting {
    return {
        i18nDescription: `${seed._id}_Description`,
        ...seed,
        packageValue: seed.value,
        i18nLabel: seed.i18nLabel || seed._id,
        hidden: seed.hidden ?? false,
        secret: seed.secret ?? false,
        ts: now,
        _updatedAt: now,
    };
}
