package org.lineshub.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test when any log line written during it, or any exception logged with it, contains a secret: platform
 * APIs put tokens into URLs and headers of every call, so one careless log statement would leak them. Register it
 * with {@code @RegisterExtension}. It also fails a test that logged nothing, so a broken capture cannot pass.
 */
public final class TokenLeakCheck implements BeforeEachCallback, AfterEachCallback {

    private final String secret;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            lines.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
    };

    /** @param secret the text no log line may contain, e.g. the part of a token that is secret */
    public TokenLeakCheck(String secret) {
        this.secret = secret;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.clear();
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
        appender.stop();
        assertThat(lines).as("log lines").isNotEmpty().noneMatch(line -> line.contains(secret));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
