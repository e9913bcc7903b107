package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sharpeyes.hub.auth.Role;

/**
 * What a role may do, named for the web UI and read from the routes' own access rules, so that the UI hides what the
 * API would refuse without holding a second copy of the rules (the API still refuses on its own).
 */
final class Abilities {

    private static final Map<String, String[]> PROBES = new LinkedHashMap<>();

    static {
        PROBES.put("dispatch", new String[] {"POST", "/api/v1/dispatch/push"});
        PROBES.put("ptz", new String[] {"POST", "/api/v1/points/x/ptz"});
        PROBES.put("alarms", new String[] {"POST", "/api/v1/alarms/x/ack"});
        PROBES.put("openGate", new String[] {"POST", "/api/v1/points/x/gate"});
        PROBES.put("editPoints", new String[] {"POST", "/api/v1/points"});
        PROBES.put("importPoints", new String[] {"POST", "/api/v1/points/import"});
        PROBES.put("editLinks", new String[] {"PUT", "/api/v1/points/x/links"});
        PROBES.put("audit", new String[] {"GET", "/api/v1/audit"});
        PROBES.put("operators", new String[] {"GET", "/api/v1/operators"});
        PROBES.put("deadLetters", new String[] {"GET", "/api/v1/events/dead-letters"});
    }

    private final Router router;

    Abilities(Router router) {
        this.router = router;
    }

    /** The names of the actions {@code role} passes the route rules for. */
    List<String> of(Role role) {
        return PROBES.entrySet().stream().filter(probe -> {
            Router.Match match = router.match(HttpMethod.valueOf(probe.getValue()[0]), probe.getValue()[1]);
            return match.found() && match.route().access().roles().contains(role);
        }).map(Map.Entry::getKey).toList();
    }
}
