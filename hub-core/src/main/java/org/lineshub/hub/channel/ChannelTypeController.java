package org.lineshub.hub.channel;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.lineshub.hub.system.NotFoundException;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/channel-types")
@Tag(name = "Channel types", description = "What the running plugins can connect, with each settings form")
class ChannelTypeController {

    private final ChannelRuntime runtime;

    ChannelTypeController(ChannelRuntime runtime) {
        this.runtime = runtime;
    }

    @GetMapping
    @Operation(summary = "List channel types", description = "One per channel type a started plugin provides.")
    List<ChannelDescriptor> list() {
        return runtime.descriptors();
    }

    @GetMapping("/{type}")
    @Operation(summary = "Get a channel type with its settings schema")
    ChannelDescriptor get(@PathVariable String type) {
        return runtime.descriptor(type).orElseThrow(() -> new NotFoundException("channel type", type));
    }
}
