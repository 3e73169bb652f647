package org.lineshub.hub.channel;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lineshub.hub.HubProperties;
import org.lineshub.hub.line.LineRepository;
import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, changes and deletes channel accounts: settings are checked against the plugin's schema and the plugin's
 * own rules before anything is stored, secrets are encrypted, and the account's routes are (re)started after the
 * change committed.
 */
@Service
public class ChannelAccountService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChannelAccountRepository accounts;
    private final LineRepository lines;
    private final ChannelRuntime runtime;
    private final SettingsCodec codec;
    private final HubProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    ChannelAccountService(ChannelAccountRepository accounts, LineRepository lines, ChannelRuntime runtime,
                          SettingsCodec codec, HubProperties properties, TransactionTemplate tx, Clock clock) {
        this.accounts = accounts;
        this.lines = lines;
        this.runtime = runtime;
        this.codec = codec;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
    }

    ChannelAccountView create(ChannelAccountRequest request) {
        ChannelConnector connector = runtime.connector(request.type()).orElseThrow(() -> new InvalidRequestException(
                "type", "no running plugin provides channel type " + request.type()));
        requireLine(request.lineId());
        ChannelDescriptor descriptor = connector.descriptor();
        Map<String, String> values = SettingsValidator.normalize(descriptor, request.settings());
        SettingsValidator.check(connector, values);
        ChannelAccount account = new ChannelAccount(newWebhookKey(), request.type(), request.name().trim(),
                request.lineId(), codec.seal(descriptor, values), clock.instant());
        account.setEnabled(request.enabled() == null || request.enabled());
        ChannelAccount saved = tx.execute(s -> accounts.save(account));
        if (saved.isEnabled()) {
            runtime.restart(saved.getId());
        }
        return get(saved.getId());
    }

    ChannelAccountView update(long id, ChannelAccountRequest request) {
        ChannelAccount account = find(id);
        if (!account.getType().equals(request.type())) {
            throw new InvalidRequestException("type", "the channel type of an account cannot change");
        }
        requireLine(request.lineId());
        String sealed = account.getSettings();
        if (request.settings() != null && !request.settings().isEmpty()) {
            ChannelConnector connector = runtime.connector(account.getType()).orElseThrow(() ->
                    new ConflictException("no running plugin provides channel type " + account.getType()
                            + ", so settings cannot be checked; start the plugin first"));
            ChannelDescriptor descriptor = connector.descriptor();
            Map<String, String> merged = new LinkedHashMap<>(codec.open(account.getSettings()));
            SettingsValidator.normalize(descriptor, request.settings()).forEach((name, value) -> {
                if (value == null) {
                    merged.remove(name);
                } else {
                    merged.put(name, value);
                }
            });
            SettingsValidator.check(connector, merged);
            sealed = codec.seal(descriptor, merged);
        }
        String settings = sealed;
        ChannelAccount saved = tx.execute(s -> {
            ChannelAccount current = find(id);
            current.setName(request.name().trim());
            current.setLineId(request.lineId());
            current.setSettings(settings);
            current.setEnabled(request.enabled() == null ? current.isEnabled() : request.enabled());
            current.touch(clock.instant());
            return accounts.save(current);
        });
        if (saved.isEnabled()) {
            runtime.restart(id);
        } else {
            runtime.stop(id);
        }
        return get(id);
    }

    /**
     * Stops the account and hides it; its sessions and messages stay.
     *
     * @param id the account
     */
    void delete(long id) {
        find(id);
        runtime.stop(id);
        tx.executeWithoutResult(s -> {
            ChannelAccount account = find(id);
            account.markDeleted(clock.instant());
            accounts.save(account);
        });
    }

    ChannelAccountView get(long id) {
        return view(find(id));
    }

    List<ChannelAccountView> list(Long lineId) {
        List<ChannelAccount> all = lineId == null ? accounts.findByDeletedAtIsNullOrderById()
                : accounts.findByLineIdAndDeletedAtIsNull(lineId);
        return all.stream().map(this::view).toList();
    }

    /**
     * @param id a channel account
     * @return the account, unless it does not exist or was deleted
     */
    public ChannelAccount find(long id) {
        return accounts.findByIdAndDeletedAtIsNull(id).orElseThrow(() -> new NotFoundException("channel account", id));
    }

    private void requireLine(Long lineId) {
        if (!lines.existsById(lineId)) {
            throw new InvalidRequestException("lineId", "line " + lineId + " does not exist");
        }
    }

    private ChannelAccountView view(ChannelAccount a) {
        String webhookPath = "/webhooks/" + a.getWebhookKey();
        String sharedPath = runtime.sharedWebhook(a.getType()).isPresent() ? "/webhooks/shared/" + a.getType() : null;
        return new ChannelAccountView(a.getId(), a.getType(), a.getName(), a.getLineId(), a.isEnabled(),
                a.getStatus().name(), a.getLastError(), runtime.problem(a.getId()).orElse(null),
                codec.publicValues(a.getSettings()), codec.secretNames(a.getSettings()), webhookPath,
                publicUrl(webhookPath), publicUrl(sharedPath), a.getCreatedAt(), a.getUpdatedAt());
    }

    private String publicUrl(String path) {
        if (path == null || properties.publicUrl() == null || properties.publicUrl().toString().isBlank()) {
            return null;
        }
        String base = properties.publicUrl().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private static String newWebhookKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
