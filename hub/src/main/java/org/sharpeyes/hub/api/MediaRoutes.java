package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.sharpeyes.hub.media.MediaUnavailableException;
import org.sharpeyes.hub.media.snapshot.SnapshotService;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointStore;

/** Media a client fetches through the API: a point's current snapshot. */
public final class MediaRoutes {

    private final PointStore points;
    private final SnapshotService snapshots;

    public MediaRoutes(PointStore points, SnapshotService snapshots) {
        this.points = points;
        this.snapshots = snapshots;
    }

    public void register(Router router) {
        router.get("/api/v1/points/{code}/snapshot", Access.LOGGED_IN, this::snapshot);
    }

    private Reply snapshot(Request request) throws InterruptedException {
        String code = request.pathParam("code");
        Point point = points.find(code).filter(p -> request.operator().scope().covers(p.regionCode()))
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
