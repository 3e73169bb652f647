package org.lineshub.hub.session;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.lineshub.hub.access.AccessService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A message's own resources beside its session: its history. */
@RestController
@Tag(name = "Sessions")
class MessageController {

    private final SessionReader reader;
    private final AccessService access;

    MessageController(SessionReader reader, AccessService access) {
        this.reader = reader;
        this.access = access;
    }

    @GetMapping("/api/v1/messages/{messageId}/history")
    @Operation(summary = "Earlier versions of a message", description = "What a client's message said before each "
            + "edit or deletion, oldest first; empty when it never changed.")
    List<RevisionView> history(@PathVariable long messageId) {
        return reader.history(access.current(), messageId);
    }
}
