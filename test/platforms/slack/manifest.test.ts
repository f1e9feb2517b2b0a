// The app manifest operators paste into Slack: what the adapter needs must be in it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const manifest = parse(readFileSync(new URL("../../../slack/manifest.yaml", import.meta.url), "utf8"));

describe("slack/manifest.yaml", () => {
  it("asks for exactly the bot scopes the adapter uses", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(["chat:write", "commands", "im:history", "im:read", "im:write", "users:read"]);
  });

  it("subscribes to DMs and lifecycle events, and sends everything to /slack/events over HTTP", () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(["message.im", "app_home_opened", "app_uninstalled", "tokens_revoked"]));
    expect(manifest.settings.event_subscriptions.request_url).toBe("https://YOUR-HOST/slack/events");
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: "https://YOUR-HOST/slack/events" });
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: "/coach", url: "https://YOUR-HOST/slack/events" })]);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it("has a bot user and a DM (Messages tab) clients can write in", () => {
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.features.app_home).toMatchObject({ messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  });
});
