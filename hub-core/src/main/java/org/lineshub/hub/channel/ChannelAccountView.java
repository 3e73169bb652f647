package org.lineshub.hub.channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A channel account as the API shows it: secret settings are never returned, only named in {@code secretsSet}.
 *
 * @param id         the account
 * @param type       the channel type
 * @param name       its name
 * @param lineId     the line its sessions go to
 * @param enabled    whether it should run
 * @param status     RUNNING, STOPPED or FAILED
 * @param lastError  why it is stopped or failed, or {@code null}
 * @param problem    what its plugin reports failing while it runs, or {@code null}
 * @param settings   the values of settings that are not secret
 * @param secretsSet the names of secret settings that have a value
 * @param webhookPath the path below the hub's address where platforms deliver webhooks for it
 * @param webhookUrl  the full webhook address, when the hub's public URL is configured
 * @param sharedWebhookUrl the address shared by all accounts of the type, when its plugin offers one (WhatsApp:
 *                         one URL per Meta app) and the hub's public URL is configured
 * @param createdAt  when it was created
 * @param updatedAt  when it was last changed
 */
record ChannelAccountView(long id, String type, String name, long lineId, boolean enabled, String status,
                          String lastError, String problem, Map<String, String> settings, List<String> secretsSet,
                          String webhookPath, String webhookUrl, String sharedWebhookUrl, Instant createdAt,
                          Instant updatedAt) {
}
