import { generateKeyPairSync } from 'node:crypto';

import type { IInternalFederationBridge } from '@rocket.chat/apps-engine/server/bridges';
import { InternalBridge } from '@rocket.chat/apps-engine/server/bridges/InternalBridge';

import type { AppObject, BridgeContext } from './context';

export class WorkspaceInternalBridge extends InternalBridge {
    constructor(private readonly context: BridgeContext) {
        super();
    }

    protected async getUsernamesOfRoomById(roomId: string): Promise<string[]> {
        return this.getUsernamesOfRoomByIdSync(roomId);
    }

    protected getUsernamesOfRoomByIdSync(roomId: string): string[] {
        return this.context.db.subscriptions.findBy('rid', roomId).map((sub) => sub.u.username);
    }

    protected async getWorkspacePublicKey(): Promise<AppObject> {
        return { id: 'Cloud_Workspace_PublicKey', value: await federationKeys().then((keys) => keys.publicKey) };
    }
}

let keys: Promise<{ privateKey: string; publicKey: string }> | undefined;

/** RSA key generation is slow on small machines: one key pair per process, made on first use. */
function federationKeys(): Promise<{ privateKey: string; publicKey: string }> {
    keys ??= Promise.resolve().then(() =>
        generateKeyPairSync('rsa', {
            modulusLength: 2048,
            publicKeyEncoding: { type: 'spki', format: 'pem' },
            privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        }),
    );
    return keys;
}

/** Used by the engine's AppSignatureManager to sign and verify stored apps. */
export class WorkspaceFederationBridge implements IInternalFederationBridge {
    async getPrivateKey(): Promise<string> {
        return (await federationKeys()).privateKey;
    }

    async getPublicKey(): Promise<string> {
        return (await federationKeys()).publicKey;
    }
}
