package org.lineshub.hub.channel;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.lineshub.hub.HubProperties;
import org.lineshub.hub.line.LineRepository;
import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingType;
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
    private final AccountStateStore states;

    ChannelAccountService(ChannelAccountRepository accounts, LineRepository lines, ChannelRuntime runtime,
                          SettingsCodec codec, HubProperties properties, TransactionTemplate tx, Clock clock,
                          AccountStateStore states) {
        this.accounts = accounts;
        this.lines = lines;
        this.runtime = runtime;
        this.codec = codec;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
        this.states = states;
    }

    ChannelAccountView create(ChannelAccountRequest request) {
        ChannelConnector connector = runtime.connector(request.type()).orElseThrow(() -> new InvalidRequestException(
                "type", "no running plugin provides channel type " + request.type()));
        requireLine(request.lineId());
        ChannelDescriptor descriptor = connector.descriptor();
        Map<String, String> values = SettingsValidator.normalize(descriptor, request.settings());
        SettingsValidator.check(connector, values);
        ChannelAccount account = new ChannelAccount(newWebhookKey(), request.type(), request.name().trim(),
                request.lineId(), "{}", clock.instant());
        account.setEnabled(request.enabled() == null || request.enabled());
        ChannelAccount saved = tx.execute(s -> {
            ChannelAccount inserted = accounts.save(account);
            // secrets are bound to the account's id, which exists only once the row does
            inserted.setSettings(codec.seal(descriptor, inserted.getId(), values));
            return inserted;
        });
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
        // a save also encrypts again, bound to the account, secrets stored before values were bound
        String sealed = codec.upgrade(id, account.getSettings());
        if (request.settings() != null && !request.settings().isEmpty()) {
            ChannelConnector connector = runtime.connector(account.getType()).orElseThrow(() ->
                    new ConflictException("no running plugin provides channel type " + account.getType()
                            + ", so settings cannot be checked; start the plugin first"));
            ChannelDescriptor descriptor = connector.descriptor();
            Map<String, String> given = SettingsValidator.normalize(descriptor, request.settings());
            requireSecretsForNewAddress(descriptor, codec.publicValues(account.getSettings()), given,
                    codec.secretNames(account.getSettings()));
            Map<String, String> kept = codec.openKept(id, account.getSettings(), given.keySet());
            Map<String, String> merged = new LinkedHashMap<>(kept);
            given.forEach((name, value) -> {
                if (value == null) {
                    merged.remove(name);
                } else {
                    merged.put(name, value);
                }
            });
            SettingsValidator.check(connector, merged);
            sealed = codec.seal(descriptor, id, merged);
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
     * Stops the account and hides it; its sessions and messages stay, what its plugin kept for it goes.
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
            states.deleteAll(id);
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

    /**
     * Refuses to point an account at a new address while keeping its stored secrets: the hub cannot know which of
     * the channel's URL settings its secrets are sent to, so when any URL setting changes, every stored secret must
     * be given again in the same request (or removed). Otherwise whoever may change a URL could have a stored token
     * sent to a host of their choosing.
     *
     * @param stored        the stored values that are not secret
     * @param given         the values the request gives, {@code null} for a removed one
     * @param storedSecrets the names of secrets stored now
     */
    private static void requireSecretsForNewAddress(ChannelDescriptor descriptor, Map<String, String> stored,
                                                    Map<String, String> given, List<String> storedSecrets) {
        List<String> moved = new ArrayList<>();
        for (SettingField field : descriptor.settings()) {
            if (field.type() != SettingType.URL || field.secret() || !given.containsKey(field.name())) {
                continue;
            }
            String before = effective(field, stored.get(field.name()));
            String after = effective(field, given.get(field.name()));
            if (!Objects.equals(before, after)) {
                moved.add(field.name());
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        List<String> missing = storedSecrets.stream().filter(name -> !given.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("settings." + missing.get(0), String.join(", ", moved)
                    + " changes where the hub connects, so the stored secret settings must be given again in the "
                    + "same request: " + String.join(", ", missing));
        }
    }

    private static String effective(SettingField field, String value) {
        return value == null || value.isEmpty() ? field.defaultValue() : value;
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
