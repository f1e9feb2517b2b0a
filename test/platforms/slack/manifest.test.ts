// The app manifest operators paste into Slack: what the adapter needs must be in it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BOT_SCOPES, REDIRECT_PATH } from "../../../src/platforms/slack/oauth.js";

const manifest = parse(readFileSync(new URL("../../../slack/manifest.yaml", import.meta.url), "utf8"));

describe("slack/manifest.yaml", () => {
  it("asks for exactly the bot scopes the adapter uses (and requests at install through OAuth)", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect([...BOT_SCOPES].sort()).toEqual(["chat:write", "commands", "files:write", "im:history", "im:read", "im:write", "users:read"]);
  });

  it("subscribes to DMs, the Home tab and lifecycle events, and sends everything to /slack/events over HTTP", () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(["message.im", "app_home_opened", "app_uninstalled", "tokens_revoked"]),
    );
    expect(manifest.settings.event_subscriptions.request_url).toBe("https://YOUR-HOST/slack/events");
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: "https://YOUR-HOST/slack/events" });
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: "/coach", url: "https://YOUR-HOST/slack/events" })]);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it("has /coach send @-mentions as user ids, which coach commands read", () => {
    expect(manifest.features.slash_commands[0].should_escape).toBe(true);
  });

  it("lists the OAuth redirect URL the adapter serves, and no org-wide deployment", () => {
    expect(manifest.oauth_config.redirect_urls).toEqual([`https://YOUR-HOST${REDIRECT_PATH}`]);
    expect(manifest.settings.org_deploy_enabled).toBe(false);
  });

  it("has a bot user, a DM (Messages tab) clients can write in, and the Home tab", () => {
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  });
});
