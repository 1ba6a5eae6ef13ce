import { ensurePackaged } from '../../../scripts/appPackage';

/** Integration tests install the real zip, so build it once (only when the app's sources changed). */
export default async function globalSetup(): Promise<void> {
    ensurePackaged();
}
