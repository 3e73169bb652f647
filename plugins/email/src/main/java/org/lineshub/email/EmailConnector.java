package org.lineshub.email;

import java.util.List;

import jakarta.mail.Session;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.ScheduledPollConsumer;
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
 * Mailboxes as a channel. Each account reads one IMAP folder and answers over SMTP, both through Apache Camel's
 * camel-mail component, created by the plugin and added to the hub's Camel context under a name of the account's own
 * ({@code email-<account id>}): Camel's component discovery cannot see plugin class loaders. Threads become sessions:
 * a client's answer continues its session; a new mail opens a new one.
 */
@Extension
public class EmailConnector implements ChannelConnector {

    private static final Logger LOG = LoggerFactory.getLogger(EmailConnector.class);

    private static final ChannelDescriptor DESCRIPTOR = ChannelDescriptor.builder("email")
            .displayName("Email")
            .description("A mailbox: clients write to its address, operators answer by mail")
            .settings(EmailSettings.FIELDS)
            .capabilities(ChannelCapability.RECEIVE_ATTACHMENTS, ChannelCapability.SEND_ATTACHMENTS,
                    ChannelCapability.START_CONVERSATION, ChannelCapability.HTML,
                    ChannelCapability.DELIVERY_RECEIPTS)
            // two readers of one mailbox would store each mail twice as often and race for its flags
            .inboundOnOneNode()
            .build();

    @Override
    public ChannelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<SettingProblem> validate(ChannelSettings settings) {
        return EmailSettings.validate(settings);
    }

    /** Builds the account's mail sessions and camel-mail component. Connects to nothing yet. */
    @Override
    public ConnectedAccount connect(ChannelContext context) {
        EmailSettings settings = EmailSettings.from(context.settings());
        LOG.info("Account {}: connecting the mailbox, {}", context.accountId(), settings);
        Session imapSession = EmailSessions.session("imap", settings.imap());
        Session smtpSession = EmailSessions.session("smtp", settings.smtp());
        String scheme = "email-" + context.accountId();
        MailComponent component = new MailComponent();
        context.addComponent(scheme, component);
        MailEndpoint outbound = new MailEndpoint(scheme + "://outbound", component,
                configuration(context.camelContext(), "smtp", settings.smtp(), smtpSession));
        String routeId = context.routeId("inbound");
        return ConnectedAccount.builder(new EmailSender(context, settings, smtpSession, outbound))
                .onStartInbound(() -> startInbound(context, settings, imapSession, smtpSession, component, scheme,
                        routeId))
                .onStopInbound(() -> stopInbound(context, routeId))
                .build();
    }

    private static void startInbound(ChannelContext context, EmailSettings settings, Session imapSession,
                                     Session smtpSession, MailComponent component, String scheme, String routeId)
            throws Exception {
        try {
            EmailServerCheck.check(settings, imapSession, smtpSession).ifPresent(context::reportProblem);
        } catch (EmailServerCheck.Fatal e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        MailConfiguration imap = configuration(context.camelContext(), "imap", settings.imap(), imapSession);
        imap.setFolderName(settings.folder());
        imap.setDelete(false);
        imap.setPeek(true);
        // the plugin reads the raw mail itself; mapping it to Camel headers would need the hub's class loader
        imap.setMapMailMessage(false);
        imap.setFetchSize(50);
        imap.setHandleFailedMessage(true);
        if (settings.afterStore() == EmailSettings.AfterStore.MOVE) {
            imap.setUnseen(false);
            imap.setMoveTo(settings.moveTo());
        } else {
            imap.setUnseen(true);
        }
        EmailPollScheduler scheduler = new EmailPollScheduler(context, settings, imapSession);
        MailEndpoint inbound = new MailEndpoint(scheme + "://inbound", component, imap) {
            @Override
            public Consumer createConsumer(Processor processor) throws Exception {
                // the endpoint takes a custom scheduler only by registry name; this one belongs to the account alone
                ScheduledPollConsumer consumer = (ScheduledPollConsumer) super.createConsumer(processor);
                consumer.setScheduler(scheduler);
                // a poll that fetched mail is followed by the next at once: a poll takes at most fetchSize mails, and
                // mail that came meanwhile would otherwise wait for the next IDLE wake-up or interval
                consumer.setGreedy(true);
                return consumer;
            }
        };
        inbound.setExceptionHandler(new PollFailures(scheduler));
        context.camelContext().addEndpoint(inbound.getEndpointUri(), inbound);
        EmailInbound processor = new EmailInbound(context, settings, imapSession);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // a failure must reach camel-mail, which then leaves the mail unflagged for the next poll
                errorHandler(noErrorHandler());
                from(inbound).routeId(routeId).process(processor);
            }
        });
    }

    private static void stopInbound(ChannelContext context, String routeId) {
        try {
            context.camelContext().getRouteController().stopRoute(routeId, 15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Account {}: the mailbox reader did not stop cleanly: {}", context.accountId(), e.getMessage());
        }
    }

    private static MailConfiguration configuration(CamelContext camel, String base, EmailSettings.Server server,
                                                   Session session) {
        MailConfiguration config = new MailConfiguration(camel);
        config.configureProtocol(EmailSessions.protocol(base, server));
        config.setHost(server.host());
        config.setPort(server.port());
        config.setUsername(server.user());
        config.setPassword(server.secret());
        config.setSession(session);
        config.setConnectionTimeout(EmailSessions.TIMEOUT_MILLIS);
        return config;
    }

    /** Reports what camel-mail's polls fail with, as the account's problem, without secrets. */
    private static final class PollFailures implements ExceptionHandler {

        private final EmailPollScheduler scheduler;

        PollFailures(EmailPollScheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public void handleException(Throwable exception) {
            handleException(null, null, exception);
        }

        @Override
        public void handleException(String message, Throwable exception) {
            handleException(message, null, exception);
        }

        @Override
        public void handleException(String message, Exchange exchange, Throwable exception) {
            String reason = exception == null ? message : exception.getClass().getSimpleName() + ": "
                    + exception.getMessage();
            LOG.warn("Mailbox poll failed: {}", reason);
            scheduler.pollFailed("reading the mailbox failed: " + reason);
        }
    }
}
