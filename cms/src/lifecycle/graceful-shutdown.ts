import type { Core } from '@strapi/strapi';

export interface RequestDrain {
  /** Stops accepting connections, then waits for the requests under way to be answered. */
  drain(timeoutMs: number): Promise<void>;
}

/**
 * Strapi's own shutdown destroys every open connection at once, cutting off the comment a reader
 * is posting. This counts the requests under way so that shutdown can wait for them first.
 */
export function trackRequestsInFlight(strapi: Core.Strapi): RequestDrain {
  const server = strapi.server.httpServer;
  let inFlight = 0;
  let draining = false;
  let onIdle: (() => void) | undefined;

  server.on('request', (_request, response) => {
    inFlight += 1;
    // Keep-alive sockets would otherwise go on bringing new requests while we drain.
    if (draining) response.setHeader('Connection', 'close');
    response.on('close', () => {
      inFlight -= 1;
      if (draining && inFlight === 0) onIdle?.();
    });
  });

  return {
    async drain(timeoutMs) {
      draining = true;
      if (server.listening) server.close();
      server.closeIdleConnections();
      if (inFlight === 0) return;
      strapi.log.info(`Waiting for ${inFlight} request(s) under way before shutting down.`);
      await new Promise<void>((resolve) => {
        onIdle = resolve;
        setTimeout(resolve, timeoutMs).unref();
      });
    },
  };
}
