package org.lineshub.hub.integration;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.channel.DeadLetterStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Integration", description = "Routes loaded from routes/, and input parked as unmappable (admins)")
class IntegrationController {

    private final RouteFiles routes;
    private final DeadLetterStore deadLetters;
    private final AccessService access;

    IntegrationController(RouteFiles routes, DeadLetterStore deadLetters, AccessService access) {
        this.routes = routes;
        this.deadLetters = deadLetters;
        this.access = access;
    }

    @GetMapping("/api/v1/routes")
    @Operation(summary = "List the routes files", description = "Each file's route ids, or why it did not load.")
    List<RouteFiles.RouteFile> routes() {
        access.requireAdmin();
        return routes.list();
    }

    @GetMapping("/api/v1/dead-letters")
    @Operation(summary = "List parked input", description = "Webhook bodies and updates a plugin could not map, "
            + "with the reason, newest first.")
    List<DeadLetterStore.DeadLetter> deadLetters(@RequestParam(required = false) Long accountId,
                                                 @RequestParam(defaultValue = "100") int limit) {
        access.requireAdmin();
        return deadLetters.list(accountId, Math.max(1, Math.min(1000, limit)));
    }
}
