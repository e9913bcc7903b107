package org.sharpeyes.hub.app;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sharpeyes.adapters.event.DeviceAdapters;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.hub.api.AlarmRoutes;
import org.sharpeyes.hub.api.AuditRoutes;
import org.sharpeyes.hub.api.AuthRoutes;
import org.sharpeyes.hub.api.CenterRoutes;
import org.sharpeyes.hub.api.DispatchRoutes;
import org.sharpeyes.hub.api.DispatchSocketHandler;
import org.sharpeyes.hub.api.OnvifRoutes;
import org.sharpeyes.hub.api.PtzRoutes;
import org.sharpeyes.hub.api.WallPresetRoutes;
import org.sharpeyes.hub.api.WallRoutes;
import org.sharpeyes.hub.api.EventRoutes;
import org.sharpeyes.hub.api.EventSocketHandler;
import org.sharpeyes.hub.api.GateRoutes;
import org.sharpeyes.hub.api.GbRoutes;
import org.sharpeyes.hub.api.HttpServer;
import org.sharpeyes.hub.api.WebUi;
import org.sharpeyes.hub.api.IngestRoutes;
import org.sharpeyes.hub.api.Json;
import org.sharpeyes.hub.api.MediaRoutes;
import org.sharpeyes.hub.api.OperatorRoutes;
import org.sharpeyes.hub.api.PointRoutes;
import org.sharpeyes.hub.api.RegionRoutes;
import org.sharpeyes.hub.api.Route;
import org.sharpeyes.hub.api.Router;
import org.sharpeyes.hub.api.SystemRoutes;
import org.sharpeyes.hub.auth.JdbcOperatorStore;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.auth.OperatorStore;
import org.sharpeyes.hub.auth.PasswordHasher;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.auth.JdbcSessionStore;
import org.sharpeyes.hub.auth.OpenChannels;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.db.Database;
import org.sharpeyes.hub.demo.DemoCameras;
import org.sharpeyes.hub.demo.DemoOnvif;
import org.sharpeyes.hub.dispatch.AlarmDesk;
import org.sharpeyes.hub.dispatch.AuditLog;
import org.sharpeyes.hub.dispatch.CenterDirectory;
import org.sharpeyes.hub.dispatch.DispatchNotices;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.dispatch.PtzLocks;
import org.sharpeyes.hub.dispatch.Shares;
import org.sharpeyes.hub.dispatch.WallPresets;
import org.sharpeyes.hub.dispatch.Walls;
import org.sharpeyes.hub.demo.DemoCounty;
import org.sharpeyes.hub.demo.DemoDevices;
import org.sharpeyes.hub.demo.DemoGb;
import org.sharpeyes.hub.events.BrokerWatch;
import org.sharpeyes.hub.events.DeviceDirectory;
import org.sharpeyes.hub.events.DeviceTopics;
import org.sharpeyes.hub.events.EmbeddedBroker;
import org.sharpeyes.hub.events.EventIngest;
import org.sharpeyes.hub.events.EventStore;
import org.sharpeyes.hub.events.GateControl;
import org.sharpeyes.hub.events.HubClientId;
import org.sharpeyes.hub.events.ImageStore;
import org.sharpeyes.hub.events.IngestJournal;
import org.sharpeyes.hub.events.JdbcEventStore;
import org.sharpeyes.hub.events.LiveEvents;
import org.sharpeyes.hub.events.MqttIngest;
import org.sharpeyes.hub.gb28181.GbPtzControl;
import org.sharpeyes.hub.gb28181.GbService;
import org.sharpeyes.hub.gb28181.GbSettings;
import org.sharpeyes.hub.media.MediaSettings;
import org.sharpeyes.hub.media.PathRegistry;
import org.sharpeyes.hub.media.ViewerAccess;
import org.sharpeyes.hub.media.probe.StatusProber;
import org.sharpeyes.hub.media.ptz.RtspPtzControl;
import org.sharpeyes.hub.media.server.http.LiveHttpHandler;
import org.sharpeyes.hub.media.server.rtsp.RtspServer;
import org.sharpeyes.hub.media.snapshot.SnapshotService;
import org.sharpeyes.hub.onvif.OnvifDevices;
import org.sharpeyes.hub.onvif.OnvifDiscovery;
import org.sharpeyes.hub.onvif.OnvifEventPuller;
import org.sharpeyes.hub.onvif.OnvifPtzControl;
import org.sharpeyes.hub.onvif.OnvifStore;
import org.sharpeyes.hub.media.source.PullStats;
import org.sharpeyes.hub.media.stream.ReaderPolicy;
import org.sharpeyes.hub.registry.CredentialCipher;
import org.sharpeyes.hub.registry.JdbcPointStore;
import org.sharpeyes.hub.registry.JdbcRegionStore;
import org.sharpeyes.hub.registry.PointImporter;
import org.sharpeyes.hub.registry.PointStore;
import org.sharpeyes.hub.registry.PointType;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionDirectory;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.onvif.OnvifSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running hub: builds every part in order, and closes them in the reverse order. */
public final class Hub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    /** Device images above this size are dropped (and counted); their events are kept. */
    private static final int MAX_IMAGE_BYTES = 2 * 1024 * 1024;
    public static final String VERSION = versionOf();

    private final HubConfig config;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledThreadPoolExecutor scheduler = scheduler();
    private final ThreadPoolExecutor blocking;
    private final ExecutorService importWriters = Executors.newCachedThreadPool(daemon("hub-import"));
    private final HttpServer http = new HttpServer();
    private final RtspServer rtsp = new RtspServer();
    private final EventLoopGroup mediaBoss = Transport.loops(1);
    private final EventLoopGroup mediaLoops = Transport.loops(0);
    private PathRegistry paths;
    private Router router;
    private InetSocketAddress rtspAddress;
    private CameraServer demoCameras;
    private OnvifSimulator demoOnvif;
    private DemoDevices demoDevices;
    private StatusProber prober;
    private OnvifEventPuller onvifEvents;
    private GbService gb;
    private DemoGb demoGb;
    private Database database;
    private InetSocketAddress httpAddress;
    private String generatedAdminPassword;
    private DemoCounty.Loaded demo;
    private PointStore points;
    private EmbeddedBroker broker;
    private EventIngest ingest;
    private MqttIngest mqtt;
    private EventStore events;
    private int demoCameraPort;
    private ImageStore images;
    private String mqttUrl;
    private LiveEvents liveEvents;
    private DeviceDirectory devices;
    private AlarmDesk alarms;
    private IngestJournal journal;

    private Hub(HubConfig config) {
        this.config = config;
        // Handlers do JDBC and hashing: they get their own bounded pool, never the event loops.
        this.blocking = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), daemon("hub-api"));
    }

    /** Starts a hub; with {@code demo}, loads the demo county into an empty database first. */
    public static Hub start(HubConfig config, boolean demo) {
        Hub hub = new Hub(config);
        try {
            hub.startParts(demo);
            return hub;
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    private void startParts(boolean withDemo) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new StartupException("data.dir " + config.dataDir() + " cannot be created: " + e.getMessage(), e);
        }
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        try {
            database = Database.open(config.dbUrl(), config.dbUsername(), config.dbPassword(), config.dataDir(), null);
            database.bindTo(metrics);
        } catch (RuntimeException e) {
            throw new StartupException("the database does not open (" + describeDatabase() + "): "
                    + rootMessage(e), e);
        }
        CredentialCipher cipher = CredentialCipher.load(config.credentialsKey(),
                config.dataDir().resolve("credentials.key"));
        points = new JdbcPointStore(database.dataSource(), cipher);
        RegionDirectory regions = new RegionDirectory(new JdbcRegionStore(database.dataSource()));
        PointImporter importer = new PointImporter(points, regions, importWriters, metrics);
        OperatorStore operators = new JdbcOperatorStore(database.dataSource());
        PasswordHasher hasher = new PasswordHasher();
        TokenService tokens = new TokenService(Duration.ofMinutes(config.tokenTtlMinutes()), Clock.systemUTC(),
                new JdbcSessionStore(database.dataSource()));
        int restored = tokens.restore(username -> operators.find(username).map(OperatorStore.StoredOperator::operator));
        if (restored > 0) {
            LOG.info("{} logins from before the restart are still valid", restored);
        }
        scheduler.scheduleAtFixedRate(tokens::purgeExpired, 10, 10, TimeUnit.MINUTES);
        ensureAdmin(operators, hasher);
        if (withDemo) {
            demo = new DemoCounty(regions, importer, operators, hasher).loadIfEmpty();
            if (config.demoCameras()) {
                DemoCameras.Started started = DemoCameras.start(config.demoCameraPort(), config.dataDir(), points);
                if (started != null) {
                    demoCameras = started.server();
                    demoCameraPort = started.port();
                    DemoOnvif.Started onvif = DemoOnvif.start(demoCameras, demoCameraPort, points);
                    if (onvif != null) {
                        demoOnvif = onvif.simulator();
                        String moving = onvif.codes().get(0);
                        // Someone walks past the first demo PTZ camera now and then, so the event feed shows motion.
                        scheduler.scheduleAtFixedRate(() -> demoOnvif.raise(moving, OnvifSimulator.Event.MOTION,
                                true), 90, 120, TimeUnit.SECONDS);
                    }
                }
            }
        }
        paths = new PathRegistry(points, blocking, mediaLoops, new PullStats(metrics), new MediaSettings(
                config.idleCloseSeconds(), config.connectTimeoutSeconds(), config.gopCacheMaxFrames()));
        metrics.gauge("hub.media.paths.open", paths, PathRegistry::openPaths);
        metrics.gauge("hub.media.paths.playing", paths, PathRegistry::playingPaths);
        metrics.gauge("hub.media.viewers", paths, PathRegistry::viewers);
        Duration slowViewer = Duration.ofSeconds(config.slowViewerSeconds());
        prober = new StatusProber(points, paths, mediaLoops, Math.max(1, config.probeIntervalSeconds()),
                config.probeConcurrency(), 3_000, metrics);
        if (config.probeIntervalSeconds() > 0) {
            prober.start();
        }
        startEvents();
        AuditLog audit = new AuditLog(database.dataSource());
        CenterDirectory centers = new CenterDirectory(database.dataSource(), regions);
        if (demo != null) {
            DemoCounty.nameCenters(centers);
        }
        Walls walls = new Walls(database.dataSource());
        DispatchSocketHandler.WallSockets wallSockets = new DispatchSocketHandler.WallSockets();
        walls.addListener(wallSockets::changed);
        scheduler.scheduleAtFixedRate(walls::tick, 1, 1, TimeUnit.SECONDS);
        DispatchNotices notices = new DispatchNotices();
        alarms = new AlarmDesk(database.dataSource(), points, centers, walls, audit, notices, Clock.systemUTC(),
                Duration.ofSeconds(config.escalateSeconds()));
        ingest.addListener(alarms::onEvents);
        scheduler.scheduleWithFixedDelay(alarms::escalateOverdue, 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(alarms::writeRepeats, 1, 1, TimeUnit.SECONDS);
        metrics.gauge("hub.alarms.awaiting_escalation", alarms, AlarmDesk::waitingForEscalation);
        PointAccess access = new PointAccess(points, walls);
        PtzLocks ptzLocks = new PtzLocks(Duration.ofSeconds(config.ptzLockSeconds()));
        OpenChannels channels = new OpenChannels(tokens);
        // A wall change can take a pushed or alarm point away from its center: its streams end with it.
        walls.addListener(wall -> channels.recheck(wall.centerCode(), entry -> access.maySee(entry.operator(),
                entry.regionCode(), entry.pointCode())));
        ViewerAccess viewers = new ViewerAccess(tokens, access, channels, blocking);
        try {
            rtspAddress = rtsp.start(config.httpHost(), config.rtspPort(), mediaBoss, mediaLoops, viewers, paths,
                    ReaderPolicy.of(metrics, "rtsp", slowViewer));
        } catch (BindException e) {
            throw new StartupException("RTSP port " + config.rtspPort() + " is already in use: choose another with "
                    + "--rtsp.port=PORT (0 picks a free one)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while binding the RTSP port", e);
        }
        startGb(regions, ReaderPolicy.of(metrics, "gb28181", slowViewer));
        router = new Router();
        new SystemRoutes(metrics, points, VERSION).register(router);
        new AuthRoutes(operators, hasher, tokens, regions, audit, Clock.systemUTC()).register(router);
        new OperatorRoutes(operators, hasher, tokens, regions, audit).register(router);
        new RegionRoutes(regions, points).register(router);
        PointRoutes pointRoutes = new PointRoutes(points, regions, importer, access, audit);
        pointRoutes.register(router);
        OnvifDevices onvif = new OnvifDevices(mediaLoops, blocking, points::credentials,
                new OnvifStore(database.dataSource()), Clock.systemUTC());
        new OnvifRoutes(onvif, new OnvifDiscovery(mediaLoops), points, access, pointRoutes).register(router);
        onvifEvents = new OnvifEventPuller(points, onvif, ingest, scheduler, blocking, metrics);
        onvifEvents.start();
        new MediaRoutes(access, new SnapshotService(paths, config.connectTimeoutSeconds(), onvif::snapshot))
                .register(router);
        new EventRoutes(events, images, regions, access, Clock.systemUTC()).register(router);
        new IngestRoutes(devices, ingest).register(router);
        new GateRoutes(points, new GateControl(events, mqtt, config.mqttCommands()), audit).register(router);
        new CenterRoutes(centers, audit).register(router);
        new WallRoutes(walls, centers, access, audit).register(router);
        new WallPresetRoutes(walls, new WallPresets(database.dataSource()), access, audit, Clock.systemUTC())
                .register(router);
        new DispatchRoutes(walls, new Shares(database.dataSource()), centers, access, audit, notices).register(router);
        new AlarmRoutes(alarms, access).register(router);
        new GbRoutes(gb, access).register(router);
        new AuditRoutes(audit).register(router);
        OnvifPtzControl onvifPtz = new OnvifPtzControl(onvif, new RtspPtzControl(mediaLoops, points::credentials,
                blocking));
        GbPtzControl anyCamera = new GbPtzControl(gb, onvifPtz);
        gb.ptzFrom(ptzLocks, anyCamera, audit, notices);
        new PtzRoutes(access, ptzLocks, anyCamera, onvifPtz, centers, audit, notices).register(router);
        ReaderPolicy httpViewers = ReaderPolicy.of(metrics, "http", slowViewer);
        try {
            httpAddress = http.start(config.httpHost(), config.httpPort(), config.maxBodyBytes(), router, tokens,
                    blocking, metrics, new WebUi(config.mapTiles(), rtspAddress.getPort()),
                    () -> new LiveHttpHandler(viewers, paths, httpViewers),
                    List.of(() -> new EventSocketHandler(tokens, channels, liveEvents, access),
                            () -> new DispatchSocketHandler(tokens, channels, walls, wallSockets, notices)));
        } catch (BindException e) {
            throw new StartupException("HTTP port " + config.httpPort() + " is already in use: choose another with "
                    + "--http.port=PORT (0 picks a free one)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while binding the HTTP port", e);
        }
        if (demo != null && config.demoDevices() && !mqttUrl.isEmpty()) {
            demoDevices = DemoDevices.start(mqttUrl, points);
        }
    }

    /**
     * Event ingest: the embedded broker (unless {@code mqtt.url} names another), the store, and the hub's own MQTT
     * client, which connects now or keeps trying in the background.
     */
    private void startEvents() {
        devices = new DeviceDirectory(points, blocking);
        liveEvents = new LiveEvents(metrics);
        DeviceAdapters adapters = config.adapters();
        events = new JdbcEventStore(database.dataSource(), Json.MAPPER);
        images = new ImageStore(config.dataDir().resolve("images"), MAX_IMAGE_BYTES, metrics);
        ingest = new EventIngest(adapters, devices, events, points, images, Clock.systemUTC(), metrics);
        ingest.addListener(liveEvents::publish);
        String username = config.mqttUsername();
        String password = config.mqttPassword();
        if (config.mqttUrl().isEmpty() && config.mqttEmbedded()) {
            broker = EmbeddedBroker.start(config.httpHost(), config.mqttPort(), config.mqttMaxMessageBytes(),
                    config.dataDir(), devices, new DeviceTopics(adapters, config.mqttCommands()), metrics);
            mqttUrl = "tcp://" + config.httpHost() + ":" + broker.port();
            username = broker.hubUser();
            password = broker.hubPassword();
        } else {
            mqttUrl = config.mqttUrl();
        }
        scheduler.scheduleWithFixedDelay(this::markSilentDevicesOffline, 30, 30, TimeUnit.SECONDS);
        if (mqttUrl.isEmpty()) {
            LOG.warn("no MQTT broker: mqtt.embedded is off and mqtt.url is empty, so no device events arrive");
            return;
        }
        try {
            journal = IngestJournal.open(config.dataDir().resolve("ingest"));
        } catch (java.io.IOException e) {
            throw new StartupException("the ingest journal in " + config.dataDir().resolve("ingest")
                    + " cannot be opened: " + e.getMessage(), e);
        }
        List<IngestJournal.Record> unfinished = journal.unfinished();
        if (!unfinished.isEmpty()) {
            LOG.info("{} device messages taken from the broker before the last stop were not stored yet: storing them "
                    + "now", unfinished.size());
        }
        for (IngestJournal.Record record : unfinished) {
            try {
                ingest.submit(new EventIngest.Message(record.topic(), record.payload(),
                        () -> journal.storedQuietly(record.start())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while replaying the ingest journal", e);
            }
        }
        metrics.gauge("hub.events.journal.pending_bytes", journal, IngestJournal::pendingBytes);
        String clientId = HubClientId.of(config.dataDir());
        try {
            BrokerWatch watch = broker != null ? BrokerWatch.embedded(mqttUrl, metrics) : BrokerWatch.outside(mqttUrl,
                    clientId, username, password, config.dataDir().resolve("mqtt-session"), metrics);
            mqtt = new MqttIngest(mqttUrl, clientId, username, password, adapters, ingest, journal, scheduler,
                    metrics, watch);
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            throw new StartupException("mqtt.url " + mqttUrl + " is not usable: " + e.getMessage(), e);
        }
        mqtt.start();
    }

    /** Devices that report by themselves and have not for {@code events.deviceOfflineSeconds} are offline. */
    private void markSilentDevicesOffline() {
        try {
            int marked = points.markSilentOffline(java.util.EnumSet.of(PointType.BARRIER_GATE,
                    PointType.PLATE_RECOGNIZER, PointType.FACE_RECOGNIZER, PointType.ACCESS_CONTROL,
                    PointType.ONE_KEY_ALARM), java.time.Instant.now().minusSeconds(config.deviceOfflineSeconds()));
            if (marked > 0) {
                LOG.info("{} devices silent for {} s marked offline", marked, config.deviceOfflineSeconds());
            }
        } catch (RuntimeException e) {
            LOG.warn("marking silent devices offline failed", e);
        }
    }


    /** The broker the hub takes device events from, e.g. {@code tcp://127.0.0.1:1883}; empty when none. */
    public String mqttUrl() {
        return mqttUrl == null ? "" : mqttUrl;
    }

    /** The embedded broker, or null when the hub uses another one. */
    public EmbeddedBroker broker() {
        return broker;
    }

    public EventStore events() {
        return events;
    }

    /** Alarm linkage and escalation. */
    public AlarmDesk alarms() {
        return alarms;
    }

    public EventIngest ingest() {
        return ingest;
    }

    private void ensureAdmin(OperatorStore operators, PasswordHasher hasher) {
        if (operators.find("admin").isPresent()) {
            return;
        }
        String password = config.adminPassword();
        if (password.isEmpty()) {
            password = randomPassword();
            generatedAdminPassword = password;
        }
        operators.insert(new Operator("admin", null, Role.ADMIN), hasher.hash(password));
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    public int httpPort() {
        return httpAddress.getPort();
    }

    /** GB/T 28181 device access on the SIP port, as the hub's county names it unless sip.id does. */
    private void startGb(RegionDirectory regions, ReaderPolicy upstreamViewers) {
        String id = config.sipId();
        if (id.isEmpty()) {
            String county = regions.tree().roots().stream().map(Region::countyCode).findFirst().orElse("340200");
            id = GbSettings.idFor(county);
        }
        String password = config.sipPassword().isEmpty() && demo != null ? DemoGb.PASSWORD : config.sipPassword();
        String domain = config.sipDomain().isEmpty() ? id.substring(0, 10) : config.sipDomain();
        GbSettings settings = new GbSettings(id, domain, password, config.sipKeepaliveSeconds(),
                ZoneId.systemDefault());
        gb = new GbService(settings, config.sipUpstreams(), mediaLoops, points, regions::tree, blocking,
                Clock.systemUTC(), metrics);
        paths.addScheme("gb28181", gb.pullSources());
        // A GB/T 28181 alarm takes the path of the same XML over MQTT, so it raises the same linkage.
        gb.alarmsTo((source, body) -> blocking.execute(() -> {
            try {
                ingest.submit(new EventIngest.Message("devices/gb/" + source + "/alarm", body, () -> { }, true,
                        "alarm.gb28181"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            gb.start(config.sipHost(), config.sipPort());
        } catch (BindException e) {
            throw new StartupException("SIP port " + config.sipPort() + " is already in use: choose another with "
                    + "--sip.port=PORT (0 picks a free one)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while binding the SIP port", e);
        }
        gb.mediaFrom(paths, mediaLoops, upstreamViewers);
        if (demo != null && demoCameras != null) {
            demoGb = DemoGb.start(gb.port(), settings, demoCameras);
        }
    }

    /** GB/T 28181 device access. */
    public GbService gb() {
        return gb;
    }

    /** Every API route, as the door checks them; for tests that walk them all. */
    public List<Route> routes() {
        return router.routes();
    }

    public int rtspPort() {
        return rtspAddress.getPort();
    }

    /** The camera status prober (sweeping on its own schedule unless media.probeIntervalSeconds is 0). */
    public StatusProber prober() {
        return prober;
    }

    /** The ONVIF event subscriptions. */
    public OnvifEventPuller onvifEvents() {
        return onvifEvents;
    }

    /** The simulated devices {@code --demo} started, or null. */
    public DemoDevices demoDevices() {
        return demoDevices;
    }

    /** The camera simulator {@code --demo} started, or null. */
    /** The port of the demo camera simulator, when it runs. */
    public int demoCameraPort() {
        return demoCameraPort;
    }

    public CameraServer demoCameras() {
        return demoCameras;
    }

    /** The demo PTZ cameras' ONVIF devices, or null without the demo. */
    public OnvifSimulator demoOnvif() {
        return demoOnvif;
    }

    /** The admin password generated on this start, or null when admin already existed or was configured. */
    public String generatedAdminPassword() {
        return generatedAdminPassword;
    }

    /** What {@code --demo} loaded, or null without it. */
    public DemoCounty.Loaded demo() {
        return demo;
    }

    public PointStore points() {
        return points;
    }

    public HubConfig config() {
        return config;
    }

    public String describeDatabase() {
        return config.dbUrl().isEmpty() ? "H2 file " + config.dataDir().toAbsolutePath().resolve("hub.mv.db")
                : config.dbUrl();
    }

    /** Stops accepting requests, lets running ones finish, then closes the database. */
    @Override
    public void close() {
        long started = System.nanoTime();
        if (demoDevices != null) {
            demoDevices.close();
        }
        http.close();
        rtsp.close();
        if (demoGb != null) {
            demoGb.close();
        }
        if (gb != null) {
            gb.close();
        }
        if (onvifEvents != null) {
            onvifEvents.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (alarms != null) {
            alarms.writeRepeats();
        }
        if (journal != null) {
            try {
                journal.close();
            } catch (java.io.IOException e) {
                LOG.warn("closing the ingest journal failed", e);
            }
        }
        if (broker != null) {
            broker.close();
        }
        if (prober != null) {
            prober.close();
        }
        if (paths != null) {
            paths.close();
        }
        mediaBoss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        mediaLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (demoOnvif != null) {
            demoOnvif.close();
        }
        if (demoCameras != null) {
            demoCameras.close();
        }
        blocking.shutdown();
        scheduler.shutdown();
        importWriters.shutdown();
        try {
            if (!blocking.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("requests still running after 5 s are abandoned");
                blocking.shutdownNow();
            }
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("a scheduled task still running after 5 s is abandoned");
                scheduler.shutdownNow();
            }
            importWriters.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (database != null) {
            database.close();
        }
        metrics.close();
        LOG.info("hub stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst()
                .orElse("");
    }

    /**
     * At stop, tasks not yet started are dropped and a running one may finish: interrupting a task in the middle of
     * its JDBC work would close the H2 file under it.
     */
    private static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemon("hub-scheduler"));
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return scheduler;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String versionOf() {
        String version = Hub.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
