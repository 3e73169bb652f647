package org.lineshub.hub.session;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.client.Client;
import org.lineshub.hub.client.ClientIdentityRepository;
import org.lineshub.hub.client.ClientRepository;
import org.lineshub.hub.system.ForbiddenException;
import org.lineshub.hub.system.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client card: the client, their channel identities and their sessions. It lives with sessions because it reads
 * both; the client package knows nothing of sessions.
 */
@RestController
@RequestMapping("/api/v1/clients")
@Tag(name = "Clients", description = "The client card beside a conversation")
class ClientCardController {

    /**
     * The client card.
     *
     * @param id           the client
     * @param displayName  the client's name
     * @param email        email address, when known
     * @param phone        phone number, when known
     * @param identities   the client's accounts on channels
     * @param sessions     the client's sessions the caller may see, newest first
     * @param sessionCount how many sessions the client had in all
     * @param createdAt    when the client first wrote
     */
    record ClientCard(long id, String displayName, String email, String phone, List<IdentityView> identities,
                      List<SessionView> sessions, long sessionCount, Instant createdAt) {
    }

    record IdentityView(long id, long accountId, String channelType, String externalUserId, String displayName,
                        String username, String profileUrl, String languageCode) {
    }

    private final ClientRepository clients;
    private final ClientIdentityRepository identities;
    private final SessionQueries sessions;
    private final AccessService access;

    ClientCardController(ClientRepository clients, ClientIdentityRepository identities, SessionQueries sessions,
                         AccessService access) {
        this.clients = clients;
        this.identities = identities;
        this.sessions = sessions;
        this.access = access;
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a client's card", description = "Name, contacts, channel identities with profile "
            + "links, and previous sessions with who handled them; for users who may see one of the client's "
            + "sessions.")
    ClientCard get(@PathVariable long id) {
        UserAccess me = access.current();
        Client client = clients.findById(id).orElseThrow(() -> new NotFoundException("client", id));
        List<SessionView> visible = sessions.list(me, new SessionQuery(null, null, null, null, null, id, "created",
                200, null));
        if (!me.admin() && visible.isEmpty()) {
            throw new ForbiddenException("You may not see this client");
        }
        long total = sessions.countByClient(id);
        List<IdentityView> ids = identities.findByClientId(id).stream().map(i -> new IdentityView(i.getId(),
                i.getAccountId(), i.getChannelType(), i.getExternalUserId(), i.getDisplayName(), i.getUsername(),
                i.getProfileUrl(), i.getLanguageCode())).toList();
        return new ClientCard(client.getId(), client.getDisplayName(), client.getEmail(), client.getPhone(), ids,
                visible, total, client.getCreatedAt());
    }
}
