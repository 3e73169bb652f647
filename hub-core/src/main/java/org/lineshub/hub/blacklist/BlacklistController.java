package org.lineshub.hub.blacklist;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.session.SessionView;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Blacklist", description = "Rules that block clients: their messages land in spam sessions, stored but "
        + "never routed, notified or answered")
class BlacklistController {

    /**
     * @param kind        IDENTITY, EMAIL, DOMAIN or PHONE
     * @param channelType IDENTITY: the channel type (or give accountId)
     * @param accountId   IDENTITY: only on this account; omitted: every account of the type
     * @param value       the user id, address, domain or phone number
     * @param comment     why, for colleagues
     * @param expiresAt   when the rule stops blocking; omitted: never
     */
    record RuleRequest(RuleKind kind, @Size(max = 32) String channelType, Long accountId,
                       @Size(max = 191) String value, @Size(max = BlacklistService.MAX_COMMENT) String comment,
                       Instant expiresAt) {
    }

    /**
     * @param comment   why, kept with the rule and in the session's history
     * @param expiresAt when the rule stops blocking; omitted: never
     */
    record BlockRequest(@Size(max = BlacklistService.MAX_COMMENT) String comment, Instant expiresAt) {
    }

    /** @param removeRule also delete the rules that name the session's sender (their id, address or phone) */
    record UnblockRequest(Boolean removeRule) {
    }

    private final BlacklistService blacklist;
    private final AccessService access;

    BlacklistController(BlacklistService blacklist, AccessService access) {
        this.blacklist = blacklist;
        this.access = access;
    }

    @GetMapping("/api/v1/blacklist")
    @Operation(summary = "List blacklist rules", description = "Admins only. Every rule, newest first, expired ones "
            + "included (they no longer block).")
    List<BlockRule> list() {
        access.requireAdmin();
        return blacklist.list();
    }

    @PostMapping("/api/v1/blacklist")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a blacklist rule", description = "Admins only. kind IDENTITY blocks a sender's user "
            + "id on a channel type (channelType), on one account (accountId) or on all of the type; EMAIL an "
            + "address and DOMAIN a domain with its subdomains (compared in lower case with the address the channel "
            + "reports); PHONE a phone number (compared by its digits with the phone the channel reports). "
            + "expiresAt, when given, must be in the future. The rule applies to messages that arrive after it: "
            + "the sender's next message puts their open session into spam. 400 names the field that is wrong.")
    BlockRule create(@Valid @RequestBody RuleRequest r) {
        return blacklist.create(access.requireAdmin(), r.kind(), r.channelType(), r.accountId(), r.value(),
                r.comment(), r.expiresAt());
    }

    @DeleteMapping("/api/v1/blacklist/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a blacklist rule", description = "Admins only. The sender's next message brings "
            + "their open spam session back into the queue, unless another rule still blocks them.")
    void delete(@PathVariable long id) {
        access.requireAdmin();
        blacklist.delete(id);
    }

    @PostMapping("/api/v1/sessions/{id}/block")
    @Operation(summary = "Block the client of a session", description = "Writes an IDENTITY rule for the session's "
            + "sender on the session's account (with the comment and expiry given) and moves an open session to "
            + "spam, in one step: it leaves the queue and its operator, and the client's further messages are stored "
            + "there without notifying anyone. Operators of the line may block the sessions they see, supervisors "
            + "of the line and admins any of its sessions; readers none. 409 when the session is already in spam.")
    SessionView block(@PathVariable long id, @Valid @RequestBody(required = false) BlockRequest request) {
        BlockRequest r = request == null ? new BlockRequest(null, null) : request;
        return blacklist.block(access.current(), id, r.comment(), r.expiresAt());
    }

    @PostMapping("/api/v1/sessions/{id}/unblock")
    @Operation(summary = "Take a session out of spam", description = "Admins only. The session goes to the queue and "
            + "is routed. With removeRule=true the rules naming its sender (their user id on the account or the "
            + "channel type, their address, their phone) are deleted too; domain rules stay. While a rule still "
            + "blocks the sender, their next message puts the session back into spam. List spam sessions with "
            + "GET /api/v1/sessions?status=SPAM. 409 when the session is not in spam.")
    SessionView unblock(@PathVariable long id, @RequestBody(required = false) UnblockRequest request) {
        return blacklist.unblock(access.current(), id, request != null && Boolean.TRUE.equals(request.removeRule()));
    }
}
