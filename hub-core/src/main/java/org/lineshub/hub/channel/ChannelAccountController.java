package org.lineshub.hub.channel;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.lineshub.hub.access.AccessService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/channel-accounts")
@Tag(name = "Channel accounts", description = "Messenger and mailbox connections, each wired to one line (admins)")
class ChannelAccountController {

    private final ChannelAccountService service;
    private final AccessService access;

    ChannelAccountController(ChannelAccountService service, AccessService access) {
        this.service = service;
        this.access = access;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Connect a channel account",
            description = "Settings are checked against the channel type's schema; a 400 names the bad field. "
                    + "An enabled account starts at once; its status says whether it runs.")
    ChannelAccountView create(@Valid @RequestBody ChannelAccountRequest request) {
        access.requireAdmin();
        return service.create(request);
    }

    @GetMapping
    @Operation(summary = "List channel accounts", description = "Secret settings are never returned.")
    List<ChannelAccountView> list(@RequestParam(required = false) Long lineId) {
        access.requireAdmin();
        return service.list(lineId);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a channel account")
    ChannelAccountView get(@PathVariable long id) {
        access.requireAdmin();
        return service.get(id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a channel account",
            description = "Settings not named keep their value (so secrets need not be sent again), except that "
                    + "a change of a URL setting needs every stored secret in the same request (400 naming the "
                    + "secret otherwise), so a stored token never goes to a new address; the account restarts with "
                    + "the new settings.")
    ChannelAccountView update(@PathVariable long id, @Valid @RequestBody ChannelAccountRequest request) {
        access.requireAdmin();
        return service.update(id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a channel account", description = "Stops it; its sessions and messages stay.")
    void delete(@PathVariable long id) {
        access.requireAdmin();
        service.delete(id);
    }
}
