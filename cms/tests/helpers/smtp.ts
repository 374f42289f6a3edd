import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on a free port, keeping every mail it accepts, parsed; it can be taken down. */
export interface TestSmtp {
  port: number;
  received: ParsedMail[];
  /** While down, a new connection is refused with 421 and a mail on an open one with 451, as a server under maintenance does. */
  setDown(down: boolean): void;
  /** The mails accepted for this address. */
  to(address: string): ParsedMail[];
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  let down = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      if (!down) return callback();
      const error = new Error('Service en maintenance') as Error & { responseCode: number };
      error.responseCode = 421;
      return callback(error);
    },
    // A connection opened before the outage (the sender keeps a pool) is refused each mail, with 451.
    onMailFrom(_address, _session, callback) {
      if (!down) return callback();
      const error = new Error('Réessayez plus tard') as Error & { responseCode: number };
      error.responseCode = 451;
      return callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    setDown: (value) => (down = value),
    to: (address) =>
      received.filter((mail) =>
        (Array.isArray(mail.to) ? mail.to : [mail.to]).some((to) => to?.text.includes(address)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until `check` holds (polling), or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
