package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.sharpeyes.hub.media.MediaUnavailableException;
import org.sharpeyes.hub.media.snapshot.SnapshotService;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.dispatch.PointAccess;

/** Media a client fetches through the API: a point's current snapshot. */
public final class MediaRoutes {

    private final PointAccess access;
    private final SnapshotService snapshots;

    public MediaRoutes(PointAccess access, SnapshotService snapshots) {
        this.access = access;
        this.snapshots = snapshots;
    }

    public void register(Router router) {
        router.get("/api/v1/points/{code}/snapshot", Access.LOGGED_IN, this::snapshot);
    }

    private Reply snapshot(Request request) throws InterruptedException {
        String code = request.pathParam("code");
        Point point = access.visible(request.operator(), code)
                .orElseThrow(() -> ApiException.notFound("no point " + code + " in your region"));
        try {
            return new Reply(HttpResponseStatus.OK, "image/jpeg", snapshots.jpeg(point));
        } catch (MediaUnavailableException e) {
            if (e.kind() == MediaUnavailableException.Kind.NOT_FOUND) {
                throw ApiException.notFound(e.getMessage());
            }
            throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "camera_unavailable", e.getMessage(), null);
        }
    }
}
