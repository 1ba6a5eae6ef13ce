import { randomId } from './ids';
import type { RawSetting } from './types';

type SettingSeed = Pick<RawSetting, '_id' | 'type' | 'public' | 'hidden'> & { value: unknown };

/**
 * The server settings the workspace knows, with Rocket.Chat core's defaults and flags. Apps may read a setting
 * unless it is hidden (and not listed in their `hiddenSettings`), as core's settings bridge decides (host.md §3.5).
 * `Site_Url` is filled with the workspace's own URL when it starts.
 */
export function defaultSettings(siteUrl: string): SettingSeed[] {
    return [
        { _id: 'Site_Url', type: 'string', public: true, value: siteUrl },
        { _id: 'uniqueID', type: 'string', public: true, value: randomId() },
        { _id: 'Language', type: 'language', public: true, value: 'en' },
        { _id: 'Push_show_message', type: 'boolean', public: true, value: true },
        { _id: 'Push_show_username_room', type: 'boolean', public: true, value: true },
        { _id: 'UI_Use_Real_Name', type: 'boolean', public: true, value: false },
        { _id: 'UI_Allow_room_names_with_special_chars', type: 'boolean', public: true, value: false },
        { _id: 'Threads_enabled', type: 'boolean', public: true, value: true },
        { _id: 'Message_KeepHistory', type: 'boolean', public: true, value: false },
        { _id: 'Message_ShowDeletedStatus', type: 'boolean', public: true, value: false },
        { _id: 'E2E_Enable', type: 'boolean', public: true, value: false },
        { _id: 'Unread_Count', type: 'select', public: false, value: 'user_and_group_mentions_only' },
        { _id: 'Unread_Count_DM', type: 'select', public: false, value: 'all_messages' },
        {
            _id: 'Assets_favicon_192',
            type: 'asset',
            public: true,
            value: { defaultUrl: 'images/logo/android-chrome-192x192.png' },
        },
        // A hidden setting, so that the "not readable" path of the settings bridge can be exercised.
        { _id: 'Cloud_Workspace_Client_Secret', type: 'string', public: false, hidden: true, value: randomId(32) },
    ];
}

export function toRawSetting(seed: SettingSeed, now: Date): RawSetting {
    return { ...seed, packageValue: seed.value, _updatedAt: now };
}
