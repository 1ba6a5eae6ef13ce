/** A record key unique across instances (time first, so keys sort roughly by creation). */
export function randomKey(): string {
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
