/**
 * How long an idle keep-alive connection stays open. Node's default, 5 s, is shorter than clients may take: one that
 * reuses a connection just as the server closes it gets "other side closed" or ECONNRESET, as a client running late
 * on a busy machine does. Above the idle timeouts of common clients and proxies.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
