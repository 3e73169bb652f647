package org.lineshub.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.testkit.PluginJarCheck;
import org.lineshub.plugin.testkit.TestChannelContext;

/** The jar as built: PF4J loads it, an account serves its widget from the jar, and the unload frees the loader. */
class WebchatPluginIT {

    @Test
    void loadsRunsAndUnloadsTheBuiltJar() throws Exception {
        PluginJarCheck.loadRunAndUnload("webchat", null, WebchatPluginIT::serveWidget);
    }

    /** An account serves its widget from the jar. */
    private static void serveWidget(ChannelConnector connector, ClassLoader pluginLoader) throws Exception {
        ConnectedAccount account = connector.connect(
                TestChannelContext.builder("webchat").accountName("site chat").keepHistory().build());
        var widget = account.webhook().orElseThrow().handle(new WebhookRequest("GET", Map.of(), Map.of(), null,
                "/widget.js"));
        assertThat(widget.status()).isEqualTo(200);
        assertThat(widget.body().length).isGreaterThan(1000);
        account.close();
    }
}
