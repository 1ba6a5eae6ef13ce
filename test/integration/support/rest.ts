/** What many integration files do through core's REST API, in one place: send a message, change a server setting, and core's 401 body. */
import type { RestClient } from '@push-sync/workspace';

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `chat.sendMessage` as `client`; the saved message (fails the test on any other answer than 200). */
export async function sendMessage(client: RestClient, message: Loose): Promise<Loose> {
    const response = await client.post<{ message: Loose }>('/api/v1/chat.sendMessage', { message });
    expect({ status: response.status, text: response.status === 200 ? '' : response.text }).toEqual({ status: 200, text: '' });
    return response.body.message;
}

/** `POST /api/v1/settings/:id` as an admin (fails the test on any other answer than 200). */
export async function setServerSetting(admin: RestClient, id: string, value: unknown): Promise<void> {
    const response = await admin.post(`/api/v1/settings/${id}`, { value });
    expect({ id, status: response.status }).toEqual({ id, status: 200 });
}

/** Core's 401 (7.x and later), which both endpoints answer without credentials. */
export const UNAUTHORIZED = {
    success: false,
    error: 'You must be logged in to do this.',
    status: 'error',
    message: 'You must be logged in to do this.',
};

/** An error answer of the endpoints or core's REST API: its status and exact JSON body, checked together. */
export function expectError(response: { status: number; body: unknown }, status: number, error: string, errorType: string): void {
    expect({ status: response.status, body: response.body }).toEqual({ status, body: { success: false, error, errorType } });
}
