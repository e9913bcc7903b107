package org.sharpeyes.hub.api;

import java.time.OffsetDateTime;
import java.util.Locale;
import org.sharpeyes.hub.dispatch.AuditAction;
import org.sharpeyes.hub.dispatch.AuditLog;

/** {@code GET /api/v1/audit?since=&action=&page=&size=}: the audit log of the caller's subtree, for supervisors. */
public final class AuditRoutes {

    private final AuditLog audit;

    public AuditRoutes(AuditLog audit) {
        this.audit = audit;
    }

    public void register(Router router) {
        router.get("/api/v1/audit", DispatchAccess.SUPERVISORS, request -> {
            OffsetDateTime since = TimeParam.read(request, "since");
            AuditAction action = request.queryParam("action").map(text -> {
                try {
                    return AuditAction.valueOf(text.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("action", "unknown action '" + text + "'");
                }
            }).orElse(null);
            int page = request.intParam("page", 1, 1, 1_000_000);
            int size = request.intParam("size", 100, 1, 1_000);
            var found = audit.search(request.operator().centerCode(), since, action, page, size);
            return Reply.ok(Views.page(found, found.items()));
        });
    }
}
