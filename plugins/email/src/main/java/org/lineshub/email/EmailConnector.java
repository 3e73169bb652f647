package org.lineshub.email;

import java.util.List;

import jakarta.mail.Session;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
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
 * Mailboxes as a channel. Each account reads one IMAP folder in batches ({@link MailboxReader}) and answers over
 * SMTP through Apache Camel's camel-mail component, created by the plugin and added to the hub's Camel context under
 * a name of the account's own ({@code email-<account id>}): Camel's component discovery cannot see plugin class
 * loaders. Threads become sessions:
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

    /** Builds the account's mail sessions, mailbox reader and camel-mail component. Connects to nothing yet. */
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
        EmailInbound inbound = new EmailInbound(context, settings, imapSession);
        EmailPollScheduler polls = new EmailPollScheduler(context, settings, imapSession,
                new MailboxReader(settings, imapSession, inbound));
        return ConnectedAccount.builder(new EmailSender(context, settings, smtpSession, outbound))
                .onStartInbound(() -> startInbound(settings, imapSession, smtpSession, context, polls))
                .onStopInbound(polls::stop)
                .build();
    }

    private static void startInbound(EmailSettings settings, Session imapSession, Session smtpSession,
                                     ChannelContext context, EmailPollScheduler polls) {
        try {
            EmailServerCheck.check(settings, imapSession, smtpSession).ifPresent(context::reportProblem);
        } catch (EmailServerCheck.Fatal e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        polls.start();
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
}
