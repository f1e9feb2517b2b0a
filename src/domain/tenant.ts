// Where a person talks to the bot: a Slack workspace, a Discord server, or the local console.
// Every client, coach and team belongs to one tenant, and coach rights never cross tenants.
export type Platform = "console" | "slack" | "discord";

export interface InboundTenant {
  platform: Platform;
  /** Slack team id, Discord guild id, or "local" for the console. */
  externalId: string;
  name: string;
}
