package org.lineshub.hub.template;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.session.MessageView;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/sessions/{id}/templates")
@Tag(name = "Templates")
class SessionTemplateController {

    /** @param text the text to send instead of the template's filled-in text, e.g. that text after editing */
    record SendRequest(@Size(max = 65536) String text) {
    }

    private final TemplateReplies replies;
    private final AccessService access;

    SessionTemplateController(TemplateReplies replies, AccessService access) {
        this.replies = replies;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "Templates and articles for a session", description = "The templates usable on the "
            + "session's line and channel whose tag starts with prefix (a leading / is ignored), and the articles "
            + "whose title contains it; both in any letter case and any alphabet, at most 50 of each. For operators "
            + "and supervisors who see the session.")
    TemplateReplies.Suggestions list(@PathVariable long id, @RequestParam(required = false) String prefix) {
        return replies.suggest(access.current(), id, prefix);
    }

    @PostMapping("/{templateId}/preview")
    @Operation(summary = "Fill a template in for a session, without sending", description = "{client.name} is the "
            + "client's name, {operator.name} the caller's, {line.name} the session's line's. A placeholder without "
            + "a value is left out, with the spacing and punctuation around it tidied (\"Hello, {client.name}!\" "
            + "becomes \"Hello!\"), never sent as {...}. 400 when the template is not usable on the session's line "
            + "or channel.")
    TemplateReplies.Expanded preview(@PathVariable long id, @PathVariable long templateId) {
        return replies.preview(access.current(), id, templateId);
    }

    @PostMapping("/{templateId}/send")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Reply with a template", description = "Sends the template filled in as the preview "
            + "does, with copies of its files; text, when given, replaces the filled-in text (the files still go). "
            + "The same rules as any reply apply (take the session first, the channel must carry files).")
    MessageView send(@PathVariable long id, @PathVariable long templateId,
                     @Valid @RequestBody(required = false) SendRequest request) {
        return replies.send(access.current(), id, templateId, request == null ? null : request.text());
    }
}
