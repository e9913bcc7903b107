package org.sharpeyes.hub.dispatch;

import java.util.Optional;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointStore;

/**
 * The one rule of who may see a point: the points in the region subtree of the operator's center, plus the points
 * a higher center pushed to that center's walls, or an alarm opened there, while those tiles still show them
 * ({@link Walls#grant}). A point outside is answered like a point that does not exist.
 */
public final class PointAccess {

    private final PointStore points;
    private final Walls walls;

    public PointAccess(PointStore points, Walls walls) {
        this.points = points;
        this.walls = walls;
    }

    /** The point, when {@code operator} may see it. */
    public Optional<Point> visible(Operator operator, String pointCode) {
        if (pointCode == null) {
            return Optional.empty();
        }
        return points.find(pointCode).filter(point -> maySee(operator, point));
    }

    public boolean maySee(Operator operator, Point point) {
        return operator.scope().covers(point.regionCode())
                || walls.grant(operator.centerCode(), point.code()).isPresent();
    }

    /** The same rule for a point known by its code and region, without looking it up (for live event fan-out). */
    public boolean maySee(Operator operator, String regionCode, String pointCode) {
        return operator.scope().covers(regionCode) || walls.grant(operator.centerCode(), pointCode).isPresent();
    }

    /**
     * Whether the operator may steer the camera: in their own region, opened on their wall by an alarm (whose
     * response needs it), or pushed to them with PTZ granted by the pusher.
     */
    public boolean maySteer(Operator operator, Point point) {
        return owns(operator, point) || walls.grant(operator.centerCode(), point.code())
                .filter(tile -> tile.alarmId() != null || tile.ptzGranted()).isPresent();
    }

    /** Whether the point lies in the operator's own region (not merely pushed to them): what acting on it needs. */
    public boolean owns(Operator operator, Point point) {
        return operator.scope().covers(point.regionCode());
    }
}
