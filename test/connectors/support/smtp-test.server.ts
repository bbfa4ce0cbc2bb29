/**
 * A real SMTP server (the `smtp-server` package) for the e-mail connector's tests:
 * it receives over TCP exactly what a company's server would, and can require login,
 * refuse recipients with a chosen reply, and offer STARTTLS with its built-in
 * self-signed certificate.
 */
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import net from 'node:net';

export interface ReceivedMail {
  readonly envelopeFrom: string | null;
  readonly envelopeTo: readonly string[];
  readonly raw: Buffer;
  readonly parsed: ParsedMail;
  readonly secure: boolean;
  readonly user: string | null;
}

export interface TestSmtpOptions {
  /** Require AUTH with these credentials. */
  readonly auth?: { readonly user: string; readonly password: string };
  /** Refuse every RCPT TO with this reply. */
  readonly refuseRecipient?: { readonly code: number; readonly message: string };
  /** Offer STARTTLS (self-signed certificate). */
  readonly starttls?: boolean;
  /** Listen on this port (for "down, then back up"). */
  readonly port?: number;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const serverOptions: SMTPServerOptions = {
    logger: false,
    secure: false,
    allowInsecureAuth: true,
    authOptional: !options.auth,
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password) {
        callback(null, { user: auth.username });
        return;
      }
      const err = new Error('5.7.8 Authentication credentials invalid') as Error & { responseCode: number };
      err.responseCode = 535;
      callback(err);
    },
    onRcptTo(_address, _session, callback) {
      if (options.refuseRecipient) {
        const err = new Error(options.refuseRecipient.message) as Error & { responseCode: number };
        err.responseCode = options.refuseRecipient.code;
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
              secure: session.secure,
              user: (session.user as string | undefined) ?? null,
            });
            callback();
          })
          .catch(callback);
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as net.AddressInfo;
  return {
    port: address.port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (yet): listen, note the port, close. */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
