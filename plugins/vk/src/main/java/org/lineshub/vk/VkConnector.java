package org.lineshub.vk;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.lineshub.plugin.api.ChannelCapability;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.SettingProblem;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VK communities as a channel of the hub: clients write to the community (in a private dialog, or in a group chat the
 * community was added to), operators answer as the community. Receives messages and their edits by the Bots Long Poll
 * API or the Callback API, sends text, photos and documents, and streams received files on demand. Speaks the VK API
 * itself (JDK HTTP client), so {@code apiBaseUrl} can point at a proxy or a test fake.
 */
@Extension
public class VkConnector implements ChannelConnector {

    private static final Logger LOG = LoggerFactory.getLogger(VkConnector.class);

    private static final ChannelDescriptor DESCRIPTOR = ChannelDescriptor.builder("vk")
            .displayName("VK")
            .description("A VK community: clients write to the community's messages, operators answer as the "
                    + "community")
            .settings(VkSettings.FIELDS)
            .capabilities(ChannelCapability.RECEIVE_ATTACHMENTS, ChannelCapability.SEND_ATTACHMENTS,
                    ChannelCapability.START_CONVERSATION, ChannelCapability.EDITS)
            // two long pollers of one community would each get every event; one node polls
            .inboundOnOneNode()
            .build();

    /**
     * The plugin's own mapper, used for JSON trees only: binding JSON to plugin classes would put them into Jackson's
     * global caches and keep the plugin's class loader alive after an unload.
     */
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public ChannelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<SettingProblem> validate(ChannelSettings settings) {
        return VkSettings.validate(settings);
    }

    /**
     * Builds the account's VK API client and its ports. Makes no call to VK: polling starts with
     * {@link ConnectedAccount#startInbound()} and retries in the background while VK is unreachable.
     */
    @Override
    public ConnectedAccount connect(ChannelContext context) {
        VkSettings settings = VkSettings.from(context.settings());
        LOG.info("Account {}: connecting VK, {}", context.accountId(), settings);
        VkApi api = new VkHttpApi(settings.apiBaseUrl(), settings.accessToken(), settings.apiVersion(), json);
        VkEventMapper mapper = new VkEventMapper();
        VkUserNames names = new VkUserNames(api, context.accountId());
        ConnectedAccount.Builder account = ConnectedAccount.builder(
                        new VkSender(context, api, settings.groupId(), json))
                .attachments(new VkFileFetcher(api));
        Runnable stopInbound;
        if (settings.mode() == VkSettings.Mode.LONGPOLL) {
            VkLongPoller poller = new VkLongPoller(context, api, mapper, names, settings.groupId(),
                    settings.pollWaitSeconds());
            account.onStartInbound(poller::start);
            stopInbound = poller::stop;
        } else {
            // VK posts to the address an admin entered in the community's Callback API settings: nothing to start
            account.webhook(new VkCallbackHandler(context, settings, mapper, names, json));
            stopInbound = () -> { };
        }
        return account.onStopInbound(stopInbound)
                .onClose(() -> {
                    // stopping again is harmless, and no thread of the account may outlive it: a live thread keeps
                    // the plugin's class loader from being unloaded
                    stopInbound.run();
                    api.close();
                })
                .build();
    }
}
