package org.lineshub.webchat;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 * A chat widget for any website as a channel. The hub serves everything of it below the account's webhook address:
 * the launcher script host pages embed, the chat frame (a page of the hub's origin inside an iframe, so its script,
 * its API calls and its socket are all same-origin), uploads and downloads, and the live socket over which visitors
 * write and answers arrive. Visitors are known by a token only their browser holds.
 */
@Extension
public class WebchatConnector implements ChannelConnector {

    private static final Logger LOG = LoggerFactory.getLogger(WebchatConnector.class);

    /** The largest upload and some room for the request around it. */
    static final int BODY_LIMIT = WebchatSettings.MAX_FILE_MB_LIMIT * 1024 * 1024 + 64 * 1024;
    /** How often open chats learn whether an operator is online. */
    private static final long STATUS_SECONDS = 15;

    private static final ChannelDescriptor DESCRIPTOR = ChannelDescriptor.builder("webchat")
            .displayName("Web chat")
            .description("A chat widget for any website: visitors write from the page, operators answer live")
            .settings(WebchatSettings.FIELDS)
            .capabilities(ChannelCapability.RECEIVE_ATTACHMENTS, ChannelCapability.SEND_ATTACHMENTS,
                    ChannelCapability.START_CONVERSATION, ChannelCapability.DELIVERY_RECEIPTS)
            .webhookBodyLimit(BODY_LIMIT)
            .build();

    /** The widget's files, read from the jar once. */
    private volatile WebchatAssets assets;

    @Override
    public ChannelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<SettingProblem> validate(ChannelSettings settings) {
        return WebchatSettings.validate(settings);
    }

    @Override
    public ConnectedAccount connect(ChannelContext context) {
        WebchatSettings settings = WebchatSettings.from(context.settings());
        LOG.info("Account {}: connecting the web chat, {}", context.accountId(), settings);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "webchat-" + context.accountId());
            thread.setDaemon(true);
            return thread;
        });
        WebchatFrames frames = new WebchatFrames();
        WebchatInbound inbound = new WebchatInbound(context);
        WebchatVisitors visitors = new WebchatVisitors();
        WebchatLimits limits = new WebchatLimits();
        WebchatReceipts receipts = new WebchatReceipts(context, timer);
        WebchatLive live = new WebchatLive(context, settings, frames, inbound, visitors, limits, receipts);
        WebchatHttp http = new WebchatHttp(context, settings, frames, inbound, visitors, limits, live, assets());
        timer.scheduleWithFixedDelay(live::checkOnline, STATUS_SECONDS, STATUS_SECONDS, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(limits::evictIdle, 1, 1, TimeUnit.MINUTES);
        return ConnectedAccount.builder(new WebchatSender(live, inbound, frames, receipts))
                .webhook(http)
                .live(live)
                .onClose(timer::shutdownNow)
                .build();
    }

    private WebchatAssets assets() {
        WebchatAssets loaded = assets;
        if (loaded == null) {
            loaded = new WebchatAssets();
            assets = loaded;
        }
        return loaded;
    }
}
