import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';

/**
 * The one exit of every event and scheduler handler, the twin of endpoints/runEndpoint.ts: a failure is logged with
 * the handler's name and contained, never thrown to the host (docs/architecture.md#host-facts-a-maintainer-needs).
 * Deletion tracking tolerates a lost event: the next sync reconciles.
 */
export async function runHandler(logger: ILogger, name: string, handler: () => Promise<unknown>): Promise<void> {
    try {
        await handler();
    } catch (error) {
        logger.error(`${name} failed`, error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
}
