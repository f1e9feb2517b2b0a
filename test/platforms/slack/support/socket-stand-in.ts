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
  private readonly waiters = new Map<string, (ack: Ack) => void>();

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
  ) {
    server.on("connection", (socket) => {
      this.connections++;
      this.socket = socket;
      socket.on("message", (data) => this.onMessage(String(data)));
      socket.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "stand-in" }, connection_info: { app_id: "A_COACH" } }));
    });
  }

  static async start(): Promise<SocketModeStandIn> {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const { port } = server.address() as AddressInfo;
    return new SocketModeStandIn(server, `ws://127.0.0.1:${port}/link/?ticket=stand-in`);
  }

  /** Sends one envelope to the app and resolves with the app's ack of it. */
  deliver(type: "events_api" | "slash_commands" | "interactive", payload: Record<string, unknown>, timeoutMs = 5_000): Promise<Ack> {
    if (!this.socket) throw new Error("the app has not connected to the Socket Mode stand-in");
    const envelopeId = `env-${++this.sequence}`;
    const acked = new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${envelopeId} (${type}) within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    this.socket.send(
      JSON.stringify({ envelope_id: envelopeId, type, accepts_response_payload: type !== "events_api", retry_attempt: 0, retry_reason: "", payload }),
    );
    return acked;
  }

  /** Sends `text` as one frame, exactly as given (for frames Slack itself would never send). */
  sendRaw(text: string): void {
    if (!this.socket) throw new Error("the app has not connected to the Socket Mode stand-in");
    this.socket.send(text);
  }

  /** What Slack sends before recycling a connection: the client must reconnect (a new apps.connections.open). */
  askToReconnect(): void {
    this.socket?.send(JSON.stringify({ type: "disconnect", reason: "refresh_requested", debug_info: { host: "stand-in" } }));
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onMessage(text: string): void {
    const ack = JSON.parse(text) as Ack;
    this.acks.push(ack);
    this.waiters.get(ack.envelope_id)?.(ack);
    this.waiters.delete(ack.envelope_id);
  }
}
