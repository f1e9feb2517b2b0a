// A local stand-in for Slack's Socket Mode endpoint: the URL apps.connections.open hands out.
// On connect it says `hello` (which is when the client counts as connected); the test then
// sends envelopes (events_api, slash_commands, interactive) and reads the acks the app sends
// back, each carrying the envelope_id of what it acknowledges.
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class SocketModeStandIn {
  readonly acks: Ack[] = [];
  /** Every connection the app opened (a reconnect opens another). */
  connections = 0;
  private socket: WebSocket | null = null;
  private sequence = 0;
  /** Envelopes waiting for their ack, with the connection each was sent on. */
  private readonly waiters = new Map<string, { socket: WebSocket; acked: (ack: Ack) => void; lost: (error: Error) => void }>();
  private readonly connectionWaiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
  ) {
    server.on("connection", (socket) => {
      this.connections++;
      this.socket = socket;
      socket.on("message", (data) => this.onMessage(String(data)));
      socket.on("close", () => this.onClose(socket));
      socket.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "stand-in" }, connection_info: { app_id: "A_COACH" } }));
      for (const waiter of this.connectionWaiters.filter((w) => w.count <= this.connections)) {
        this.connectionWaiters.splice(this.connectionWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  static async start(): Promise<SocketModeStandIn> {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const { port } = server.address() as AddressInfo;
    return new SocketModeStandIn(server, `ws://127.0.0.1:${port}/link/?ticket=stand-in`);
  }

  /**
   * Sends one envelope to the app and resolves with the app's ack of it. Rejects at once when the
   * connection it was sent on closes first (Slack would count it unacknowledged); `timeoutMs`
   * bounds the wait in wall-clock time, for callers that measure it (the test's own timeout
   * bounds it otherwise: how long an ack takes depends on how busy the machine is).
   */
  deliver(type: "events_api" | "slash_commands" | "interactive", payload: Record<string, unknown>, timeoutMs?: number): Promise<Ack> {
    const socket = this.openSocket();
    const envelopeId = `env-${++this.sequence}`;
    const acked = new Promise<Ack>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = {
        socket,
        acked: (ack: Ack) => {
          clearTimeout(timer);
          this.waiters.delete(envelopeId);
          resolve(ack);
        },
        lost: (error: Error) => {
          clearTimeout(timer);
          this.waiters.delete(envelopeId);
          reject(error);
        },
      };
      this.waiters.set(envelopeId, waiter);
      if (timeoutMs !== undefined) timer = setTimeout(() => waiter.lost(new Error(`no ack for ${envelopeId} (${type}) within ${timeoutMs} ms`)), timeoutMs);
    });
    socket.send(
      JSON.stringify({ envelope_id: envelopeId, type, accepts_response_payload: type !== "events_api", retry_attempt: 0, retry_reason: "", payload }),
    );
    return acked;
  }

  /** Sends `text` as one frame, exactly as given (for frames Slack itself would never send). */
  sendRaw(text: string): void {
    this.openSocket().send(text);
  }

  /**
   * What Slack sends before recycling a connection: the client must reconnect (a new
   * apps.connections.open). Resolves once the app has closed the recycled connection.
   */
  askToReconnect(): Promise<void> {
    const socket = this.openSocket();
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.send(JSON.stringify({ type: "disconnect", reason: "refresh_requested", debug_info: { host: "stand-in" } }));
    return closed;
  }

  /** Resolves once the app has opened `count` connections in all (it is greeted with hello on each). */
  connected(count: number): Promise<void> {
    if (this.connections >= count) return Promise.resolve();
    return new Promise((resolve) => this.connectionWaiters.push({ count, resolve }));
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The app's current connection; sending on one it already closed would wait for nothing. */
  private openSocket(): WebSocket {
    if (!this.socket) throw new Error("the app has not connected to the Socket Mode stand-in");
    if (this.socket.readyState !== this.socket.OPEN) throw new Error("the app's connection to the Socket Mode stand-in is closed");
    return this.socket;
  }

  private onMessage(text: string): void {
    const ack = JSON.parse(text) as Ack;
    this.acks.push(ack);
    this.waiters.get(ack.envelope_id)?.acked(ack);
  }

  private onClose(socket: WebSocket): void {
    for (const [envelopeId, waiter] of this.waiters) {
      if (waiter.socket === socket) waiter.lost(new Error(`no ack for ${envelopeId}: the connection it was sent on closed first`));
    }
  }
}
