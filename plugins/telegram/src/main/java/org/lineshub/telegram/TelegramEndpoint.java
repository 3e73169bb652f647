package org.lineshub.telegram;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** The updates of one Telegram account, consumed by long polling; see {@link TelegramConsumer}. */
final class TelegramEndpoint extends DefaultEndpoint {

    TelegramEndpoint(String uri, TelegramComponent component) {
        super(uri, component);
    }

    @Override
    public TelegramComponent getComponent() {
        return (TelegramComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(
                "the Telegram updates endpoint only consumes; replies go through the account's outbound endpoint");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        TelegramConsumer consumer = new TelegramConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
