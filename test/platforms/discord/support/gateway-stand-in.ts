// A local stand-in for Discord's gateway (JSON encoding, no compression): HELLO on connect,
// READY on IDENTIFY, heartbeat ACKs, then GUILD_CREATE for the one guild, so discord.js turns
// ready without waiting out its 15 s guild timeout. Tests push dispatches with dispatch().
// Like Discord, it can ask for a reconnect (op 7) or drop the connection with a close code; a
// RESUME (op 6) gets the dispatches missed meanwhile replayed, then RESUMED.
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

export interface GatewayIdentity {
  bot: { id: string; username: string };
  applicationId: string;
  guild: { id: string; name: string; channelId: string; roles?: { id: string; name: string }[] };
}

export class GatewayStandIn {
  private server!: WebSocketServer;
  /** Sockets that identified or resumed: the ones dispatches go to. */
  private readonly sockets = new Set<WebSocket>();
  private sequence = 0;
  /** Dispatches sent while no session was connected, replayed on RESUME. */
  private missed: string[] = [];
  /** IDENTIFY payloads received (their `d`). */
  readonly identifies: any[] = [];
  /** RESUME payloads received (their `d`). */
  readonly resumes: any[] = [];
  /** Connections accepted so far. */
  connections = 0;
  url = "";

  constructor(private readonly identity: GatewayIdentity) {}

  async listen(): Promise<void> {
    this.server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => this.server.once("listening", () => resolve()));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.server.on("connection", (socket) => {
      this.connections++;
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("message", (data) => this.onMessage(socket, JSON.parse(String(data))));
      if (this.held) this.held.push(socket);
      else this.hello(socket);
    });
  }

  /** Connections accepted while held get no HELLO until release(): a reconnect that hangs. */
  private held: WebSocket[] | null = null;

  holdConnections(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const socket of held) this.hello(socket);
  }

  private hello(socket: WebSocket): void {
    // A long interval: the test never waits on heartbeats, but answers any that come.
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null }));
  }

  async close(): Promise<void> {
    for (const socket of this.server.clients) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Sends a dispatch (op 0) to every connected session; kept for a RESUME while none is. */
  dispatch(t: string, d: unknown, socket?: WebSocket): void {
    const payload = JSON.stringify({ op: 0, t, s: ++this.sequence, d });
    const targets = socket ? [socket] : [...this.sockets];
    if (targets.length === 0) this.missed.push(payload);
    for (const s of targets) s.send(payload);
  }

  /** Asks every client to reconnect and resume (op 7 RECONNECT), as Discord does before maintenance. */
  requestReconnect(): void {
    for (const socket of this.sockets) socket.send(JSON.stringify({ op: 7, d: null, s: null, t: null }));
    this.sockets.clear();
  }

  /** Drops every connection with a close code (4000: unknown error, resumable). */
  disconnect(code: number): void {
    for (const socket of this.sockets) socket.close(code, "stand-in disconnect");
    this.sockets.clear();
  }

  /** Whether a session is connected (identified or resumed) right now. */
  get connected(): boolean {
    return this.sockets.size > 0;
  }

  private onMessage(socket: WebSocket, payload: { op: number; d: any }): void {
    switch (payload.op) {
      case 1:
        socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        break;
      case 6: {
        this.resumes.push(payload.d);
        const missed = this.missed;
        this.missed = [];
        for (const dispatch of missed) socket.send(dispatch);
        this.sockets.add(socket);
        this.dispatch("RESUMED", null, socket);
        break;
      }
      case 2: {
        this.identifies.push(payload.d);
        // A new session: Discord replays nothing into it.
        this.missed = [];
        this.sockets.add(socket);
        const { bot, applicationId, guild } = this.identity;
        this.dispatch(
          "READY",
          {
            v: 10,
            user: { id: bot.id, username: bot.username, discriminator: "0", global_name: null, avatar: null, bot: true, verified: true, flags: 0 },
            guilds: [{ id: guild.id, unavailable: true }],
            session_id: "stand-in-session",
            resume_gateway_url: this.url,
            shard: [0, 1],
            application: { id: applicationId, flags: 0 },
            private_channels: [],
            relationships: [],
            presences: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
            user_settings: {},
          },
          socket,
        );
        this.dispatch(
          "GUILD_CREATE",
          {
            id: guild.id,
            name: guild.name,
            icon: null,
            owner_id: "1",
            unavailable: false,
            member_count: 2,
            large: false,
            features: [],
            roles: [
              { id: guild.id, name: "@everyone", permissions: "0", position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
              ...(guild.roles ?? []).map((r, i) => ({
                ...r,
                permissions: "0",
                position: i + 1,
                color: 0,
                hoist: false,
                managed: false,
                mentionable: true,
                flags: 0,
              })),
            ],
            emojis: [],
            stickers: [],
            channels: [{ id: guild.channelId, type: 0, name: "general", position: 0, guild_id: guild.id, permission_overwrites: [] }],
            threads: [],
            members: [],
            presences: [],
            voice_states: [],
            stage_instances: [],
            guild_scheduled_events: [],
            soundboard_sounds: [],
            joined_at: new Date().toISOString(),
            preferred_locale: "en-US",
            system_channel_flags: 0,
          },
          socket,
        );
        break;
      }
      default:
        break;
    }
  }
}
