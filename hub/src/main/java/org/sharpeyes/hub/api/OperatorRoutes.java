package org.sharpeyes.hub.api;

import java.util.regex.Pattern;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.auth.OperatorStore;
import org.sharpeyes.hub.auth.PasswordHasher;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.dispatch.AuditAction;
import org.sharpeyes.hub.dispatch.AuditLog;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionDirectory;
import org.sharpeyes.hub.registry.Echo;

/** Operator accounts: listing and creating them (administrators), and changing passwords. */
public final class OperatorRoutes {

    static final int MIN_PASSWORD = 8;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.\\-]{2,64}");

    /** The body that creates an operator. */
    public record NewOperator(String username, String password, String center, String role) {
    }

    /** The body that moves, re-roles, locks or unlocks an operator; absent fields stay as they are. */
    public record OperatorChange(String center, String role, Boolean locked) {
    }

    /** How long an administrator's lock lasts: until lifted. */
    static final java.time.Instant LOCKED_FOR_GOOD = java.time.Instant.parse("9999-12-31T00:00:00Z");

    /** The body that changes a password; {@code currentPassword} is needed when changing one's own. */
    public record PasswordChange(String password, String currentPassword) {
    }

    private final OperatorStore operators;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final RegionDirectory regions;
    private final AuditLog audit;

    public OperatorRoutes(OperatorStore operators, PasswordHasher hasher, TokenService tokens, RegionDirectory regions,
            AuditLog audit) {
        this.operators = operators;
        this.hasher = hasher;
        this.tokens = tokens;
        this.regions = regions;
        this.audit = audit;
    }

    public void register(Router router) {
        // Anyone may name themselves (their own password); only an administrator names others, within their region.
        router.scope(Touches.OPERATOR, (caller, username) -> {
            if (!caller.username().equals(username) && caller.role() == Role.ADMIN && operators.find(username)
                    .map(OperatorStore.StoredOperator::operator).filter(t -> caller.centerCode() == null
                            || (t.centerCode() != null && caller.scope().covers(t.centerCode()))).isEmpty()) {
                throw ApiException.notFound("no operator " + Echo.text(username) + " in your region");
            }
        });
        router.get("/api/v1/operators", Access.roles(Role.ADMIN), request -> Reply.ok(
                operators.list(request.operator().centerCode()).stream().map(Views::operator).toList()));
        router.post("/api/v1/operators", Access.roles(Role.ADMIN), this::create);
        router.put("/api/v1/operators/{username}/password", Access.LOGGED_IN, this::changePassword);
        router.put("/api/v1/operators/{username}", Access.roles(Role.ADMIN), this::update);
        router.delete("/api/v1/operators/{username}", Access.roles(Role.ADMIN), this::delete);
    }

    /** An operator the calling administrator manages: in their subtree (anyone, for a hub-wide one), not themself. */
    private Operator managed(Request request) {
        String username = request.pathParam("username");
        Operator caller = request.operator();
        if (caller.username().equals(username)) {
            throw ApiException.badRequest("username", "administrators do not change or remove their own account");
        }
        return operators.find(username).map(OperatorStore.StoredOperator::operator)
                .filter(t -> caller.centerCode() == null || (t.centerCode() != null
                        && caller.scope().covers(t.centerCode())))
                .orElseThrow(() -> ApiException.notFound("no operator " + username + " in your region"));
    }

    /**
     * {@code PUT /operators/{username} {center?, role?, locked?}}: moves an operator, or locks them out until
     * unlocked ({@code locked: false}, or a new password); a move or a lock ends their sessions and open streams.
     */
    private Reply update(Request request) {
        Operator target = managed(request);
        OperatorChange body = Json.read(request.body(), OperatorChange.class);
        Role role = body.role() == null ? target.role() : parseRole(body.role());
        String center = body.center() == null || body.center().isBlank() ? target.centerCode() : body.center().strip();
        Operator caller = request.operator();
        if (center == null && (role != Role.ADMIN || caller.centerCode() != null)) {
            throw ApiException.badRequest("center", "center is required: only a hub-wide ADMIN may have none");
        }
        if (center != null) {
            checkCenter(caller, center);
        }
        Operator moved = new Operator(target.username(), center, role);
        operators.update(moved);
        if (Boolean.TRUE.equals(body.locked())) {
            operators.lock(target.username(), LOCKED_FOR_GOOD);
        } else if (Boolean.FALSE.equals(body.locked())) {
            operators.clearFailedLogins(target.username());
        }
        tokens.revokeAll(target.username());
        audit.record(caller, AuditAction.OPERATOR_UPDATED, target.username(), center, target.centerCode() + "/"
                + target.role() + " -> " + center + "/" + role + (body.locked() == null ? ""
                        : body.locked() ? ", locked" : ", unlocked"));
        return Reply.ok(Views.operator(moved));
    }

    private Reply delete(Request request) {
        Operator target = managed(request);
        operators.delete(target.username());
        tokens.revokeAll(target.username());
        audit.record(request.operator(), AuditAction.OPERATOR_DELETED, target.username(), target.centerCode(), null);
        return Reply.noContent();
    }

    private Reply create(Request request) {
        NewOperator body = Json.read(request.body(), NewOperator.class);
        if (body.username() == null || !USERNAME.matcher(body.username()).matches()) {
            throw ApiException.badRequest("username", "username must be 2 to 64 letters, digits, '.', '_' or '-'");
        }
        checkPassword(body.password());
        Role role = parseRole(body.role());
        Operator caller = request.operator();
        String center = body.center() == null || body.center().isBlank() ? null : body.center().strip();
        if (center == null) {
            if (role != Role.ADMIN || caller.centerCode() != null) {
                throw ApiException.badRequest("center", "center is required: the region code of the operator's "
                        + "center" + (caller.centerCode() == null ? " (only a hub-wide ADMIN may have none)" : ""));
            }
        } else {
            checkCenter(caller, center);
        }
        Operator operator = new Operator(body.username(), center, role);
        if (!operators.insert(operator, hasher.hash(body.password()))) {
            throw ApiException.conflict("username", "operator " + body.username() + " already exists");
        }
        audit.record(caller, AuditAction.OPERATOR_CREATED, operator.username(), center, role.name());
        return Reply.created(Views.operator(operator));
    }

    private Reply changePassword(Request request) {
        String username = request.pathParam("username");
        PasswordChange body = Json.read(request.body(), PasswordChange.class);
        checkPassword(body.password());
        Operator caller = request.operator();
        var target = operators.find(username).filter(t -> caller.username().equals(username)
                || (caller.role() == Role.ADMIN && (caller.centerCode() == null
                        || (t.operator().centerCode() != null && caller.scope().covers(t.operator().centerCode())))));
        if (target.isEmpty()) {
            if (!caller.username().equals(username) && caller.role() != Role.ADMIN) {
                throw ApiException.forbidden("only an ADMIN may change another operator's password");
            }
            throw ApiException.notFound("no operator " + username + " in your region");
        }
        if (caller.username().equals(username)) {
            if (body.currentPassword() == null || !hasher.verify(body.currentPassword(), target.get().passwordHash())) {
                throw ApiException.badRequest("currentPassword", "currentPassword is missing or wrong");
            }
        }
        operators.updatePassword(username, hasher.hash(body.password()));
        tokens.revokeAll(username);
        audit.record(caller, AuditAction.PASSWORD_CHANGED, username, target.get().operator().centerCode(), null);
        return Reply.noContent();
    }

    /** A center the caller may put operators at: a county, township or village region in their scope. */
    private void checkCenter(Operator caller, String center) {
        Region region = regions.find(center).filter(r -> caller.scope().covers(r.code()))
                .orElseThrow(() -> ApiException.badRequest("center", "no center " + center + " in your region"));
        if (!region.kind().hasCenter()) {
            throw ApiException.badRequest("center", "region " + center + " is a " + region.kind()
                    + "; centers sit at a COUNTY, TOWNSHIP or VILLAGE");
        }
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw ApiException.badRequest("password", "password must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > 256) {
            throw ApiException.badRequest("password", "password must be at most 256 characters");
        }
    }

    private static Role parseRole(String text) {
        if (text == null) {
            return Role.OPERATOR;
        }
        try {
            return Role.valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role", "role must be ADMIN, SUPERVISOR, INSTALLER or OPERATOR, got '"
                    + Echo.text(text) + "'");
        }
    }
}
