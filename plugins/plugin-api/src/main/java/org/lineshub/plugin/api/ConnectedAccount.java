package org.lineshub.plugin.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One running channel account as its plugin provides it to the hub: the typed ports the hub calls, and the
 * account's inbound lifecycle. Returned by {@link ChannelConnector#connect}. Most plugins build one with
 * {@link #builder(OutboundSender)}.
 *
 * <p>Lifecycle: {@link ChannelConnector#connect} (ports ready, nothing received yet) →
 * {@link #startInbound()} (receive: start polling, register a webhook) → {@link #stopInbound()} → {@link #close()}.
 * The hub calls {@link #startInbound()} on one node only when the channel declares
 * {@link ChannelDescriptor#inboundOnOneNode()}; the ports may be called on every node.
 */
public interface ConnectedAccount extends AutoCloseable {

    /** @return where the hub sends this account's outbound messages */
    OutboundSender sender();

    /** @return the handler of the account's own webhook address, when the account receives by webhook */
    default Optional<WebhookHandler> webhook() {
        return Optional.empty();
    }

    /** @return the fetcher of received files' content, when the channel receives files */
    default Optional<AttachmentFetcher> attachments() {
        return Optional.empty();
    }

    /**
     * @return the endpoint of browsers' long-lived connections to this account ({@code <webhook address>/live}),
     *         when its clients are web pages
     * @since 1.1
     */
    default Optional<LiveEndpoint> live() {
        return Optional.empty();
    }

    /**
     * Starts receiving: a poller's thread, a webhook registration with the platform, a consumer route. Called once
     * after {@link ChannelConnector#connect}. A problem that an admin must fix is thrown (the account is marked
     * failed with the message); a platform that is unreachable for now is retried by the plugin and reported through
     * {@link ChannelContext#reportProblem}.
     *
     * @throws Exception when receiving cannot start
     */
    default void startInbound() throws Exception {
    }

    /**
     * Stops receiving; returns when nothing is being handed to the hub any more, or after the plugin gave up waiting
     * (10 s is plenty). Called before {@link #close()}; also when this node stops owning a single-node inbound.
     */
    default void stopInbound() {
    }

    /** Releases the account's resources (HTTP clients, threads). The hub calls it last, exactly once. */
    @Override
    default void close() {
    }

    /**
     * @param sender where outbound messages go
     * @return a builder of a connected account with that sender
     */
    static Builder builder(OutboundSender sender) {
        return new Builder(sender);
    }

    /** Builds a {@link ConnectedAccount} from lambdas. */
    final class Builder {
        private final OutboundSender sender;
        private WebhookHandler webhook;
        private AttachmentFetcher attachments;
        private LiveEndpoint live;
        private Lifecycle start = () -> { };
        private Runnable stop = () -> { };
        private Runnable close = () -> { };

        private Builder(OutboundSender sender) {
            this.sender = Objects.requireNonNull(sender, "sender");
        }

        /** @param handler the account's webhook handler @return this builder */
        public Builder webhook(WebhookHandler handler) {
            this.webhook = handler;
            return this;
        }

        /** @param fetcher the fetcher of received files @return this builder */
        public Builder attachments(AttachmentFetcher fetcher) {
            this.attachments = fetcher;
            return this;
        }

        /** @param endpoint the endpoint of browsers' connections @return this builder */
        public Builder live(LiveEndpoint endpoint) {
            this.live = endpoint;
            return this;
        }

        /** @param action what {@link ConnectedAccount#startInbound()} does @return this builder */
        public Builder onStartInbound(Lifecycle action) {
            this.start = action;
            return this;
        }

        /** @param action what {@link ConnectedAccount#stopInbound()} does @return this builder */
        public Builder onStopInbound(Runnable action) {
            this.stop = action;
            return this;
        }

        /** @param action what {@link ConnectedAccount#close()} does @return this builder */
        public Builder onClose(Runnable action) {
            this.close = action;
            return this;
        }

        /** @return the connected account */
        public ConnectedAccount build() {
            OutboundSender s = sender;
            Optional<WebhookHandler> w = Optional.ofNullable(webhook);
            Optional<AttachmentFetcher> a = Optional.ofNullable(attachments);
            Optional<LiveEndpoint> l = Optional.ofNullable(live);
            Lifecycle begin = start;
            Runnable end = stop;
            Runnable release = close;
            return new ConnectedAccount() {
                @Override
                public OutboundSender sender() {
                    return s;
                }

                @Override
                public Optional<WebhookHandler> webhook() {
                    return w;
                }

                @Override
                public Optional<AttachmentFetcher> attachments() {
                    return a;
                }

                @Override
                public Optional<LiveEndpoint> live() {
                    return l;
                }

                @Override
                public void startInbound() throws Exception {
                    begin.run();
                }

                @Override
                public void stopInbound() {
                    end.run();
                }

                @Override
                public void close() {
                    release.run();
                }
            };
        }
    }

    /** A step that may fail, like {@link ConnectedAccount#startInbound()}. */
    @FunctionalInterface
    interface Lifecycle {
        /** @throws Exception when the step fails */
        void run() throws Exception;
    }
}
