package org.lineshub.hub.session;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.lineshub.hub.access.AccessService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A message's own resources beside its session: its history, and sending a failed reply again. */
@RestController
@Tag(name = "Sessions")
class MessageController {

    private final SessionReader reader;
    private final OperatorMessages writing;
    private final AccessService access;

    MessageController(SessionReader reader, OperatorMessages writing, AccessService access) {
        this.reader = reader;
        this.writing = writing;
        this.access = access;
    }

    @GetMapping("/api/v1/messages/{messageId}/history")
    @Operation(summary = "Earlier versions of a message", description = "What a client's message said before each "
            + "edit or deletion, oldest first; empty when it never changed.")
    List<RevisionView> history(@PathVariable long messageId) {
        return reader.history(access.current(), messageId);
    }

    @PostMapping("/api/v1/messages/{messageId}/retry")
    @Operation(summary = "Send a failed reply again", description = "Puts a reply whose deliveryStatus is FAILED "
            + "back into the outbox: PENDING, attempts from zero, no deliveryError; it is then delivered like a new "
            + "reply (SENT or FAILED again), and message.updated events announce each change. Allowed to whoever may "
            + "reply in the session now (403 otherwise, 404 for no such message); 409 with the reason when the "
            + "message is not a failed reply, or when the session no longer takes replies (closed, in spam, its "
            + "channel account deleted, outside the channel's reply window).")
    MessageView retry(@PathVariable long messageId) {
        return writing.retry(access.current(), messageId);
    }
}
