package org.sharpeyes.seeds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes the demo county (county code 510122) as CSV files: the same input always gives the same bytes.
 *
 * <p>Figures follow the seed reports in ARCHITECTURE §5: 33 townships, 462 villages, 62 smart communities,
 * schools with one-key alarms and about 49,000 camera points split by source system.
 */
public final class DemoCountyGenerator {

    public static final String COUNTY_CODE = "510122";
    /** Where every demo camera's stream points: the camera simulator started by {@code --demo}. */
    public static final String CAMERA_SIMULATOR_BASE = "rtsp://127.0.0.1:8654/";

    static final int TOWNSHIPS = 33;
    static final int VILLAGES_PER_TOWNSHIP = 14;
    static final int COMMUNITIES = 62;
    static final int SKYNET = 580;
    static final int SHARP_EYES = 2_940;
    static final int DIGITAL_CITY = 219;
    static final int EMERGENCY_BROADCAST = 132;
    static final int SMART_TRAFFIC = 38;
    static final int WISE_EYE = 45_000;
    static final int CAMERAS_PER_SCHOOL = 3;

    private static final String[] TOWNSHIP_NAMES = {
        "东升街道", "西航港街道", "九江街道", "华阳镇", "黄甲镇", "彭镇", "永安镇", "黄水镇", "金桥镇", "胜利镇", "公兴镇",
        "籍田镇", "太平镇", "正兴镇", "煎茶镇", "兴隆镇", "万安镇", "白沙镇", "新兴镇", "合江镇", "三星镇", "永兴镇",
        "大林镇", "云华乡", "龙池乡", "凤凰乡", "石桥乡", "清水乡", "福田乡", "安乐乡", "文星乡", "柳河乡", "青山乡"};
    private static final String[] VILLAGE_NAMES = {
        "红星村", "和平村", "光明村", "团结村", "幸福村", "胜利村", "建设村", "民主村", "友爱村", "长乐村", "金星村",
        "向阳村", "复兴村", "太和村"};
    private static final String[] COMMUNITY_PREFIXES = {
        "锦绣", "翠竹", "金域", "龙湖", "阳光", "滨江", "东湖", "书香", "紫荆", "桂苑", "华府", "嘉园"};
    private static final String[] COMMUNITY_SUFFIXES = {"小区", "花园", "苑", "家园", "城", "雅居"};
    private static final String[] CAMERA_SPOTS = {
        "路口", "村委会", "广场", "桥头", "菜市场", "河堤", "停车场", "卫生站", "路段", "学校周边", "公交站", "农贸市场"};

    private final Random random = new Random(20_261_122L);
    private final Map<String, Integer> serials = new HashMap<>();
    private final Set<String> vendorSerials = new HashSet<>();
    private final List<String> regions = new ArrayList<>();
    private final List<String> centers = new ArrayList<>();
    private final List<String> points = new ArrayList<>();

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "seeds/demo-county");
        new DemoCountyGenerator().writeTo(dir);
        System.out.println("demo county written to " + dir.toAbsolutePath());
    }

    /** Generates the county and writes regions.csv, centers.csv, operators.csv and points.csv into {@code dir}. */
    public void writeTo(Path dir) {
        generate();
        try {
            Files.createDirectories(dir);
            write(dir.resolve("regions.csv"), "code,name,kind,parent", regions);
            write(dir.resolve("centers.csv"), "code,name,tier", centers);
            write(dir.resolve("operators.csv"), "username,password,center,role", operators());
            write(dir.resolve("points.csv"),
                    "code,name,type,region,source,lat,lon,streamUrl,onvifUrl,username,password,vendor,installedAt,serial",
                    points);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo county to " + dir, e);
        }
    }

    private static List<String> operators() {
        return List.of(
                "county,sharpeyes," + COUNTY_CODE + ",OPERATOR",
                "township,sharpeyes," + COUNTY_CODE + "001,OPERATOR",
                "village,sharpeyes," + COUNTY_CODE + "001001,OPERATOR",
                "installer,sharpeyes," + COUNTY_CODE + ",INSTALLER",
                "supervisor,sharpeyes," + COUNTY_CODE + ",SUPERVISOR",
                "township-supervisor,sharpeyes," + COUNTY_CODE + "001,SUPERVISOR");
    }

    private void generate() {
        regions.add(String.join(",", COUNTY_CODE, "演示县", "COUNTY", ""));
        centers.add(String.join(",", COUNTY_CODE, "演示县综治中心", "COUNTY"));
        int villageIndex = 0;
        int communityIndex = 0;
        for (int t = 1; t <= TOWNSHIPS; t++) {
            String township = COUNTY_CODE + String.format("%03d", t);
            String townshipName = TOWNSHIP_NAMES[t - 1];
            Geo seat = new Geo(30.30 + (t - 1) / 6 * 0.09, 103.70 + (t - 1) % 6 * 0.09);
            regions.add(String.join(",", township, townshipName, "TOWNSHIP", COUNTY_CODE));
            centers.add(String.join(",", township, townshipName + "综治中心", "TOWNSHIP"));
            String admin = COUNTY_CODE + String.format("%02d", t);
            townshipSeatCameras(t - 1, township, townshipName, admin, seat);
            school(township + "901", townshipName.substring(0, townshipName.length() - 1) + "中心小学", township, admin, seat);
            for (int v = 1; v <= VILLAGES_PER_TOWNSHIP; v++, villageIndex++) {
                String village = township + String.format("%03d", v);
                String villageName = VILLAGE_NAMES[v - 1];
                Geo geo = seat.near(random, 0.03);
                regions.add(String.join(",", village, villageName, "VILLAGE", township));
                centers.add(String.join(",", village, townshipName + villageName + "综治中心", "VILLAGE"));
                villageCameras(villageIndex, village, villageName, admin, geo);
                if (v == 1 || v == 8) {
                    school(village + "901", villageName.substring(0, villageName.length() - 1) + "小学", village, admin, geo);
                }
            }
            int communitiesHere = share(COMMUNITIES, TOWNSHIPS, t - 1);
            for (int c = 1; c <= communitiesHere; c++, communityIndex++) {
                community(township + String.format("%03d", 200 + c), communityName(communityIndex), township, admin,
                        seat.near(random, 0.01));
            }
        }
    }

    private void townshipSeatCameras(int t, String township, String name, String admin, Geo seat) {
        cameras(share(SKYNET, TOWNSHIPS, t), "SKYNET", township, name, admin, seat, 4);
        cameras(share(DIGITAL_CITY, TOWNSHIPS, t), "DIGITAL_CITY", township, name, admin, seat, 0);
        cameras(share(SMART_TRAFFIC, TOWNSHIPS, t), "SMART_TRAFFIC", township, name, admin, seat, 0);
    }

    private void villageCameras(int villageIndex, String village, String name, String admin, Geo geo) {
        int villages = TOWNSHIPS * VILLAGES_PER_TOWNSHIP;
        int schoolCameras = TOWNSHIPS * 3 * CAMERAS_PER_SCHOOL;
        cameras(share(SHARP_EYES - schoolCameras, villages, villageIndex), "SHARP_EYES", village, name, admin, geo, 5);
        cameras(share(EMERGENCY_BROADCAST, villages, villageIndex), "EMERGENCY_BROADCAST", village, name, admin, geo, 0);
        cameras(share(WISE_EYE, villages, villageIndex), "WISE_EYE", village, name, admin, geo, 0);
    }

    private void school(String code, String name, String parent, String admin, Geo geo) {
        regions.add(String.join(",", code, name, "SCHOOL", parent));
        Geo here = geo.near(random, 0.005);
        point(code(admin, "06", "134", '0'), name + "一键报警", "ONE_KEY_ALARM", code, "SHARP_EYES", here, false, true);
        for (String spot : new String[] {"校门", "操场", "教学楼"}) {
            point(code(admin, "06", "132", '0'), name + spot, "CAMERA", code, "SHARP_EYES", here.near(random, 0.0005),
                    true, false);
        }
    }

    private void community(String code, String name, String parent, String admin, Geo geo) {
        regions.add(String.join(",", code, name, "COMMUNITY", parent));
        for (String gate : new String[] {"东门", "西门"}) {
            Geo here = geo.near(random, 0.001);
            point(code(admin, "01", "141", '8'), name + gate + "道闸", "BARRIER_GATE", code, "COMMUNITY", here, false, true);
            point(code(admin, "01", "132", '8'), name + gate + "车牌识别", "PLATE_RECOGNIZER", code, "COMMUNITY", here,
                    true, true);
            point(code(admin, "01", "139", '8'), name + gate + "人脸识别", "FACE_RECOGNIZER", code, "COMMUNITY", here,
                    true, true);
            point(code(admin, "01", "142", '8'), name + gate + "门禁", "ACCESS_CONTROL", code, "COMMUNITY", here, false,
                    true);
        }
        for (String spot : new String[] {"中心花园", "地下车库", "周界北", "周界南"}) {
            point(code(admin, "01", "132", '8'), name + spot, "CAMERA", code, "COMMUNITY", geo.near(random, 0.001), true,
                    false);
        }
    }

    private void cameras(int count, String source, String region, String regionName, String admin, Geo geo, int ptzEvery) {
        SourceCoding coding = SourceCoding.of(source);
        for (int i = 0; i < count; i++) {
            boolean ptz = ptzEvery > 0 && i % ptzEvery == 0;
            String spot = CAMERA_SPOTS[random.nextInt(CAMERA_SPOTS.length)];
            String name = regionName + spot + String.format("%02d", i + 1) + (ptz ? "球机" : "");
            point(code(admin, coding.industry, coding.typeCode, coding.network), name, ptz ? "PTZ_CAMERA" : "CAMERA",
                    region, source, geo.near(random, 0.01), true, false);
        }
    }

    private void point(String code, String name, String type, String region, String source, Geo geo, boolean video,
            boolean device) {
        String serial = device ? vendorSerial() : "";
        String streamUrl = video ? CAMERA_SIMULATOR_BASE + code : "";
        String username = device ? code : video ? "admin" : "";
        String password = device ? "demo-" + serial.replace("-", "") : video ? "demo-cam" : "";
        LocalDate installed = LocalDate.of(2018, 1, 1).plusDays(random.nextInt(2_800));
        points.add(String.join(",", code, csv(name), type, region, source, coordinate(geo.lat), coordinate(geo.lon),
                streamUrl, "", username, password, vendor(source), installed.toString(), serial));
    }

    private String code(String admin, String industry, String typeCode, char network) {
        String prefix = admin + industry + typeCode + network;
        int serial = serials.merge(prefix, 1, Integer::sum);
        return prefix + String.format("%06d", serial);
    }

    private String vendorSerial() {
        String serial;
        do {
            serial = String.format("%04x-%04x", random.nextInt(0x10000), random.nextInt(0x10000));
        } while (!vendorSerials.add(serial));
        return serial;
    }

    private String vendor(String source) {
        String[] vendors = switch (source) {
            case "WISE_EYE" -> new String[] {"EZVIZ", "IMOU", "TP-LINK"};
            case "COMMUNITY" -> new String[] {"HIKVISION", "DAHUA", "ZKTECO"};
            default -> new String[] {"HIKVISION", "DAHUA", "UNIVIEW", "TIANDY"};
        };
        return vendors[random.nextInt(vendors.length)];
    }

    private static String communityName(int i) {
        return COMMUNITY_PREFIXES[i % COMMUNITY_PREFIXES.length]
                + COMMUNITY_SUFFIXES[(i / COMMUNITY_PREFIXES.length) % COMMUNITY_SUFFIXES.length];
    }

    /** The i-th of {@code parts} near-equal shares of {@code total}; the shares add up to exactly {@code total}. */
    static int share(int total, int parts, int i) {
        return total / parts + (i < total % parts ? 1 : 0);
    }

    private static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static void write(Path file, String header, List<String> rows) throws IOException {
        StringBuilder out = new StringBuilder(header).append('\n');
        rows.forEach(row -> out.append(row).append('\n'));
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    private record Geo(double lat, double lon) {
        Geo near(Random random, double spread) {
            return new Geo(lat + (random.nextDouble() - 0.5) * spread, lon + (random.nextDouble() - 0.5) * spread);
        }
    }

    /** GB/T 28181 industry, type and network digits that each source system's cameras carry in the demo. */
    private record SourceCoding(String industry, String typeCode, char network) {
        static SourceCoding of(String source) {
            return switch (source) {
                case "SKYNET" -> new SourceCoding("00", "132", '5');
                case "SHARP_EYES" -> new SourceCoding("01", "132", '0');
                case "WISE_EYE" -> new SourceCoding("04", "131", '8');
                case "DIGITAL_CITY" -> new SourceCoding("08", "132", '6');
                case "SMART_TRAFFIC" -> new SourceCoding("02", "132", '5');
                case "EMERGENCY_BROADCAST" -> new SourceCoding("09", "132", '6');
                default -> throw new IllegalArgumentException("no coding for source " + source);
            };
        }
    }
}
