package org.lineshub.hub.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.system.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/plugins")
@Tag(name = "Plugins", description = "Channel and bot plugins loaded from the plugin directory (admins)")
class PluginController {

    private final PluginRuntime plugins;
    private final AccessService access;

    PluginController(PluginRuntime plugins, AccessService access) {
        this.plugins = plugins;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "List plugins", description = "With id, version, state (STARTED, STOPPED, FAILED, ...) and "
            + "the error of a plugin that failed; a jar that is not a plugin is listed by file name as FAILED.")
    List<PluginInfo> list() {
        access.requireAdmin();
        return plugins.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a plugin")
    PluginInfo get(@PathVariable String id) {
        access.requireAdmin();
        return plugins.get(id);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Upload a plugin jar", description = "Stored in the plugin directory and loaded at once; "
            + "the answer says whether it started.")
    PluginInfo upload(@RequestPart("file") MultipartFile file) throws IOException {
        access.requireAdmin();
        if (file.isEmpty()) {
            throw new InvalidRequestException("file", "the file is empty");
        }
        try (InputStream in = file.getInputStream()) {
            return plugins.install(file.getOriginalFilename(), in);
        }
    }

    @PostMapping("/{id}/start")
    @Operation(summary = "Start a plugin", description = "Its channel accounts start too; remembered across restarts.")
    PluginInfo start(@PathVariable String id) {
        access.requireAdmin();
        return plugins.startPlugin(id);
    }

    @PostMapping("/{id}/stop")
    @Operation(summary = "Stop a plugin", description = "Its accounts' routes stop and its Camel components are "
            + "removed; remembered across restarts.")
    PluginInfo stop(@PathVariable String id) {
        access.requireAdmin();
        return plugins.stopPlugin(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unload and delete a plugin", description = "Stops it, unloads it and deletes its jar.")
    void delete(@PathVariable String id) {
        access.requireAdmin();
        plugins.deletePlugin(id);
    }
}
